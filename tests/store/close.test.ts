import { expect, it } from 'vitest';
import { openStore } from '../../src-main/core/store/open-store';
import { tempDir } from '../helpers/temp-dir';

it('close() closes the database file, and a second close is harmless', async () => {
  const store = openStore(tempDir());
  store.sqlite.prepare('SELECT count(*) FROM deals').get();
  await store.close();
  expect(store.sqlite.open).toBe(false);
  await store.close();
});

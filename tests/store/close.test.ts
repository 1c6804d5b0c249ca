import { expect, it } from 'vitest';
import { openStore } from '../../src-main/core/store/open-store';
import { tempDir } from '../helpers/temp-dir';

it('close() closes the database file, whether or not a typed (Kysely) query ever ran', async () => {
  const untouched = openStore(tempDir());
  await untouched.close();
  expect(untouched.sqlite.open).toBe(false);

  const used = openStore(tempDir());
  await used.db.selectFrom('deals').select('id').execute();
  await used.close();
  expect(used.sqlite.open).toBe(false);
});

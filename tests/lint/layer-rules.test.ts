import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/pulse-process';

/** Lints source text as if it were a file at `filePath`, with the project's real config. */
async function lintAs(filePath: string, code: string) {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint enforces the layers', () => {
  it('fails a file in src-main/core that imports electron', async () => {
    const messages = await lintAs('src-main/core/probe.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*core must run in plain Node/);
  });

  it('fails a renderer file that imports a Node module or main-process code', async () => {
    const fsImport = await lintAs('src-renderer/src/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n");
    expect(fsImport.join('\n')).toMatch(/no-restricted-imports/);
    const sqlite = await lintAs(
      'src-renderer/src/probe.ts',
      "import Database from 'better-sqlite3';\nexport const d = Database;\n",
    );
    expect(sqlite.join('\n')).toMatch(/no-restricted-imports/);
    const mainCode = await lintAs(
      'src-renderer/src/probe.ts',
      "import { createCore } from '../../src-main/core/core';\nexport const c = createCore;\n",
    );
    expect(mainCode.join('\n')).toMatch(/no-restricted-imports/);
  });

  it('allows the Electron shell to import electron', async () => {
    const messages = await lintAs(
      'src-main/electron/probe.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    expect(messages).toEqual([]);
  });
});

#!/usr/bin/env node
// The `pulse` command. Runs the TypeScript sources through tsx so that `npx pulse` works right
// after `npm install`, with no build step.
//
// Pipeline Pulse needs Node 22 (better-sqlite3 13 crashes on 20). npm scripts and npx already
// use the Node 22 that the `node` devDependency puts in node_modules/.bin; when this file is run
// directly by an older Node, it re-runs itself with that one instead of crashing later.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const node22 = path.join(here, '..', 'node_modules', '.bin', 'node');
  if (!fs.existsSync(node22)) {
    console.error(
      `pulse needs Node 22 or newer (this is ${process.version}); run \`npm install\` first, then use \`npx pulse\`.`,
    );
    process.exit(1);
  }
  const r = spawnSync(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
const { runCli, processIO } = await import('../src-main/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), processIO());

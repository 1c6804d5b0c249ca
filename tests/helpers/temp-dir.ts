import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the OS temp dir, for one test's data directory. */
export function tempDir(prefix = 'pulse-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

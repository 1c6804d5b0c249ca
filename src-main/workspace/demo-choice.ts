import fs from 'node:fs';
import path from 'node:path';

/**
 * "The user chose the demo workspace": one small file in the profile folder, so the next start
 * opens the demo again instead of the welcome screen. Leaving the demo removes it. Kept outside
 * the SQLite store because the choice is made before either workspace's store is opened.
 */
const FILE = 'workspace.json';

export function readDemoChosen(profileDir: string): boolean {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(profileDir, FILE), 'utf8')) as { demo?: unknown };
    return v.demo === true;
  } catch {
    return false; // missing or unreadable: no choice made
  }
}

export function writeDemoChosen(profileDir: string, chosen: boolean): void {
  const file = path.join(profileDir, FILE);
  if (!chosen) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(profileDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ demo: true }) + '\n', { mode: 0o600 });
}

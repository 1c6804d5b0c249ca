/**
 * The mapping choices a user made for unusual headers, kept per profile (every workspace and the
 * CLI use them), so the next export with the same columns imports without asking again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_TARGETS, type ColumnMapping, type ImportTarget } from './columns';

const FILE = 'import-mappings.json';

export function loadSavedMappings(profileDir: string): Record<string, ImportTarget> {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(profileDir, 'workspaces', FILE), 'utf8')) as Record<
      string,
      unknown
    >;
    return Object.fromEntries(
      Object.entries(raw).filter((e): e is [string, ImportTarget] =>
        (IMPORT_TARGETS as readonly unknown[]).includes(e[1]),
      ),
    );
  } catch {
    return {};
  }
}

/** Remembers the choices that differ from what would be suggested without them. */
export function saveMappings(profileDir: string, chosen: ColumnMapping, suggested: ColumnMapping): void {
  const saved = loadSavedMappings(profileDir);
  let changed = false;
  for (const [header, target] of Object.entries(chosen)) {
    if (suggested[header] === target && saved[header] === undefined) continue;
    if (saved[header] !== target) {
      saved[header] = target;
      changed = true;
    }
  }
  if (!changed) return;
  const dir = path.join(profileDir, 'workspaces');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `${FILE}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(saved, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, path.join(dir, FILE));
}

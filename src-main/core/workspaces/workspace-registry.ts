/**
 * The workspaces of one profile, each a data folder with its own `pulse.sqlite`, so their deals
 * never mix: the Zoho account's (the profile folder itself), the demo's (`demo-workspace/`), and
 * one per imported dataset (`workspaces/<slug>/`, described by its `workspace.json`). A CRM sync
 * only ever runs in the account's folder; an import only ever writes into its own. The profile
 * remembers the imported workspace the app had open last (`workspaces/current.json`; whether the
 * demo was chosen is src-main/workspace/demo-choice.ts's).
 */
import fs from 'node:fs';
import type { WorkspaceMode } from '../../../src-shared/contract/workspace-schemas';
import path from 'node:path';

export type WorkspaceKind = WorkspaceMode;

export interface LastImport {
  at: string;
  file: string;
  total: number;
  added: number;
  changed: number;
  removed: number;
}

export interface WorkspaceInfo {
  id: string;
  name: string;
  kind: WorkspaceKind;
  dataDir: string;
  lastImport: LastImport | null;
}

interface WorkspaceFile {
  name: string;
  kind: 'import';
  createdAt: string;
  lastImport?: LastImport | null;
}

export const ACCOUNT_WORKSPACE_ID = 'account';
export const DEMO_WORKSPACE_ID = 'demo';
const IMPORT_PREFIX = 'import:';
const DEFAULT_IMPORT_NAME = 'Zoho CSV import';

/** "Q3 Export (APAC)" → "q3-export-apac": a folder name safe on every OS. */
export function workspaceSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'import';
}

export interface RegistryOptions {
  /** The demo's folder when this host offers the demo (it may be the profile folder itself). */
  demoDir?: string | null;
}

export class WorkspaceRegistry {
  readonly root: string;

  constructor(
    readonly profileDir: string,
    private readonly opts: RegistryOptions = {},
  ) {
    this.root = path.join(profileDir, 'workspaces');
  }

  /** The account's workspace, the demo (when offered), then imported ones by name. */
  list(): WorkspaceInfo[] {
    const out: WorkspaceInfo[] = [];
    const demoDir = this.opts.demoDir ? path.resolve(this.opts.demoDir) : null;
    if (demoDir !== path.resolve(this.profileDir))
      out.push({
        id: ACCOUNT_WORKSPACE_ID,
        name: 'Zoho CRM',
        kind: 'account',
        dataDir: this.profileDir,
        lastImport: null,
      });
    if (demoDir)
      out.push({ id: DEMO_WORKSPACE_ID, name: 'Demo workspace', kind: 'demo', dataDir: demoDir, lastImport: null });
    return [...out, ...this.imports()];
  }

  get(id: string): WorkspaceInfo | null {
    return this.list().find((w) => w.id === id) ?? null;
  }

  imports(): WorkspaceInfo[] {
    let entries: string[];
    try {
      entries = fs.readdirSync(this.root);
    } catch {
      return [];
    }
    const out: WorkspaceInfo[] = [];
    for (const slug of entries) {
      const file = this.readFile(slug);
      if (file)
        out.push({
          id: IMPORT_PREFIX + slug,
          name: file.name,
          kind: 'import',
          dataDir: path.join(this.root, slug),
          lastImport: file.lastImport ?? null,
        });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The imported workspace with this name (any case), created when new. */
  ensureImport(name: string = DEFAULT_IMPORT_NAME): WorkspaceInfo {
    const wanted = name.trim() || DEFAULT_IMPORT_NAME;
    const existing = this.imports().find((w) => w.name.toLowerCase() === wanted.toLowerCase());
    if (existing) return existing;
    const base = workspaceSlug(wanted);
    let slug = base;
    for (let n = 2; fs.existsSync(path.join(this.root, slug)); n++) slug = `${base}-${n}`;
    const dir = path.join(this.root, slug);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file: WorkspaceFile = { name: wanted, kind: 'import', createdAt: new Date().toISOString(), lastImport: null };
    this.writeFile(slug, file);
    return { id: IMPORT_PREFIX + slug, name: wanted, kind: 'import', dataDir: dir, lastImport: null };
  }

  /** Records the outcome of an import in the workspace's description (listed without opening its store). */
  recordImport(id: string, last: LastImport): void {
    const slug = id.slice(IMPORT_PREFIX.length);
    const file = this.readFile(slug);
    if (file) this.writeFile(slug, { ...file, lastImport: last });
  }

  /** The workspace the app had open last, if it still exists. */
  current(): string | null {
    try {
      const { id } = JSON.parse(fs.readFileSync(path.join(this.root, 'current.json'), 'utf8')) as { id?: unknown };
      return typeof id === 'string' && this.get(id) ? id : null;
    } catch {
      return null;
    }
  }

  /** Remembers the imported workspace open now; null when the account or the demo is. */
  setCurrent(id: string | null): void {
    const file = path.join(this.root, 'current.json');
    if (id === null) {
      fs.rmSync(file, { force: true });
      return;
    }
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
    writeAtomically(file, JSON.stringify({ id }));
  }

  private readFile(slug: string): WorkspaceFile | null {
    if (!/^[a-z0-9-]+$/.test(slug)) return null;
    try {
      const f = JSON.parse(fs.readFileSync(path.join(this.root, slug, 'workspace.json'), 'utf8')) as WorkspaceFile;
      return typeof f.name === 'string' && f.kind === 'import' ? f : null;
    } catch {
      return null;
    }
  }

  private writeFile(slug: string, file: WorkspaceFile): void {
    writeAtomically(path.join(this.root, slug, 'workspace.json'), JSON.stringify(file, null, 2));
  }
}

/** Write to a temp file and rename, so a crash never leaves half a JSON file. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

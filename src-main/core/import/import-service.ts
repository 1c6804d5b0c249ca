/**
 * Importing a Zoho CSV export into a workspace, for the app (the wizard's calls: the file arrives
 * in chunks, then analyze → check → run) and for `pulse import` (bytes at once). Every path goes
 * through the same steps: decode, read the header and first rows, map columns, check every row
 * (all or nothing), then write into the named imported workspace — never into the CRM's or the
 * demo's. See docs/import-export.md.
 */
import crypto from 'node:crypto';
import { Hook } from '../events/hook';
import { SettingsRepo } from '../settings/settings-repo';
import { openStore, type Store } from '../store/open-store';
import type { WorkspaceInfo, WorkspaceRegistry } from '../workspaces/workspace-registry';
import { REQUIRED_TARGETS, TARGET_LABEL, IMPORT_TARGETS, type ColumnMapping } from './columns';
import { DATE_TARGETS, analyzeText, checkText, type FileAnalysis, type FileCheck } from './check-file';
import { decodeCsvBytes } from './decode';
import { ImportFileError, ImportRowsError } from './errors';
import { loadSavedMappings, saveMappings } from './saved-mappings';
import { hasShortYear, type DateOrder } from './values';
import { diffImport, writeImport, type ImportDiff, type ImportOutcome } from './write-import';
import { FAILSAFE_MIN_DEALS } from '../sync/failsafe';
import type { ZohoRecord } from '../sync/normalize';

export interface ImportServiceOptions {
  registry: WorkspaceRegistry;
  /** The workspace the host has open, with its store (an import into it uses this connection). */
  current: WorkspaceInfo;
  store: Store;
  settings: SettingsRepo;
}

export interface ImportChoice {
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  workspace: string;
}

export type ProgressFn = (phase: 'checking' | 'writing' | 'done', share: number) => void | Promise<void>;

interface Upload {
  fileName: string;
  size: number;
  chunks: Buffer[];
  received: number;
  text: string | null;
  analysis: FileAnalysis | null;
  check: { key: string; result: FileCheck } | null;
  touched: number;
}

/** Uploads left alone this long are dropped (the wizard was closed). */
const UPLOAD_IDLE_MS = 30 * 60_000;
/** Uploads held at once (each up to IMPORT_MAX_BYTES in memory). */
const MAX_UPLOADS = 2;

export class ImportService {
  readonly events = {
    /** How far the wizard's check or write has come (the renderer's `import.progress`). */
    progress: new Hook<{ uploadId: string; phase: 'checking' | 'writing' | 'done'; share: number }>(),
    /** An import wrote into the workspace this core has open: its deals changed. */
    appliedHere: new Hook<{ workspaceId: string }>(),
    /** An import created or updated a workspace (the workspace list changed). */
    recorded: new Hook<{ workspaceId: string }>(),
  };
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly opts: ImportServiceOptions) {}

  // ── the wizard ──────────────────────────────────────────────────────────
  begin(fileName: string, size: number): { uploadId: string } {
    this.dropIdle();
    // One wizard at a time in practice: a new file replaces all but the latest upload (memory).
    while (this.uploads.size >= MAX_UPLOADS) this.uploads.delete(this.uploads.keys().next().value!);
    const uploadId = crypto.randomBytes(16).toString('hex');
    this.uploads.set(uploadId, {
      fileName,
      size,
      chunks: [],
      received: 0,
      text: null,
      analysis: null,
      check: null,
      touched: Date.now(),
    });
    return { uploadId };
  }

  chunk(uploadId: string, offset: number, data: string): { received: number } {
    const u = this.upload(uploadId);
    if (offset !== u.received) throw new ImportFileError(`Chunk at ${offset} arrived, ${u.received} expected.`);
    const bytes = Buffer.from(data, 'base64');
    if (u.received + bytes.length > u.size) throw new ImportFileError('The file is larger than announced.');
    u.chunks.push(bytes);
    u.received += bytes.length;
    return { received: u.received };
  }

  async analyze(uploadId: string) {
    const u = this.upload(uploadId);
    const analysis = await this.analysisOf(u);
    const imports = this.opts.registry.imports();
    return {
      fileName: u.fileName,
      size: u.size,
      encoding: analysis.encoding,
      delimiter: analysis.delimiter,
      headers: analysis.headers,
      mapping: analysis.mapping,
      detectedDateOrder: analysis.detectedDateOrder,
      samples: analysis.samples.slice(0, 10),
      targets: IMPORT_TARGETS.map((id) => ({
        id,
        label: TARGET_LABEL[id],
        required: (REQUIRED_TARGETS as readonly string[]).includes(id),
      })),
      workspaces: imports.map((w) => w.name),
      suggestedWorkspace:
        this.opts.current.kind === 'import' ? this.opts.current.name : (imports[0]?.name ?? 'Zoho CSV import'),
    };
  }

  async check(uploadId: string, choice: ImportChoice) {
    const u = this.upload(uploadId);
    const check = await this.checkOf(u, uploadId, choice);
    const target = this.opts.registry
      .imports()
      .find((w) => w.name.toLowerCase() === choice.workspace.trim().toLowerCase());
    let diff: ImportDiff | null = null;
    let removalsNeedConfirm = false;
    if (check.badRows === 0) {
      diff = target
        ? await this.withTarget(target, async (store) => diffImport(store.sqlite, check.records))
        : { added: check.records.length, changed: 0, unchanged: 0, removed: 0, before: 0 };
      const { failsafeDeletePercent } = await this.opts.settings.get();
      removalsNeedConfirm =
        diff.before >= FAILSAFE_MIN_DEALS && (diff.removed / Math.max(1, diff.before)) * 100 > failsafeDeletePercent;
    }
    return {
      rows: check.rows,
      badRows: check.badRows,
      problems: check.problems,
      preview: check.records.slice(0, 10).map((r, i) => previewRow(r, check.lines[i])),
      diff,
      removalsNeedConfirm,
      warnings: warningsFor(check, choice, u.analysis!),
    };
  }

  async run(uploadId: string, choice: ImportChoice & { confirmRemovals: boolean }) {
    const u = this.upload(uploadId);
    const check = await this.checkOf(u, uploadId, choice);
    const progress: ProgressFn = (phase, share) => this.events.progress.emit({ uploadId, phase, share });
    const result = await this.commit(check, u.fileName, choice.workspace, {
      confirmRemovals: choice.confirmRemovals,
      trigger: 'manual',
      onProgress: progress,
    });
    saveMappings(this.opts.registry.profileDir, choice.mapping, u.analysis!.mapping);
    this.uploads.delete(uploadId);
    return result;
  }

  cancel(uploadId: string): { cancelled: boolean } {
    return { cancelled: this.uploads.delete(uploadId) };
  }

  // ── shared by the wizard and `pulse import` ─────────────────────────────
  /** Decodes and reads the head of a file; the mapping starts from the profile's saved choices. */
  async analyzeBytes(bytes: Uint8Array): Promise<{ text: string; analysis: FileAnalysis }> {
    const { text, encoding } = decodeCsvBytes(bytes);
    if (text.trim() === '') throw new ImportFileError('The file is empty.');
    const analysis = await analyzeText(text, encoding, loadSavedMappings(this.opts.registry.profileDir));
    return { text, analysis };
  }

  /** Writes a checked file into the named imported workspace (created when new); all or nothing. */
  async commit(
    check: FileCheck,
    fileName: string,
    workspaceName: string,
    opts: { confirmRemovals: boolean; trigger: 'cli' | 'manual'; onProgress?: ProgressFn },
  ): Promise<ImportOutcome & { workspace: { id: string; name: string } }> {
    if (check.badRows > 0) throw new ImportRowsError(check.problems, check.badRows);
    const target = this.opts.registry.ensureImport(workspaceName);
    await opts.onProgress?.('writing', 0);
    const { homeCurrency, failsafeDeletePercent, theme } = await this.opts.settings.get();
    const outcome = await this.withTarget(target, async (store, isCurrent) => {
      // A new workspace starts with the open one's home currency and theme.
      if (!isCurrent && store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() === 0)
        await new SettingsRepo(store.sqlite).update({ homeCurrency, theme });
      const settings = isCurrent ? { homeCurrency, failsafeDeletePercent } : await new SettingsRepo(store.sqlite).get();
      return writeImport(store.sqlite, check, {
        homeCurrency: settings.homeCurrency,
        failsafePercent: settings.failsafeDeletePercent,
        confirmRemovals: opts.confirmRemovals,
        fileName,
        trigger: opts.trigger,
      });
    });
    this.opts.registry.recordImport(target.id, {
      at: new Date().toISOString(),
      file: fileName,
      total: outcome.total,
      added: outcome.added,
      changed: outcome.changed,
      removed: outcome.removed,
    });
    this.events.recorded.emit({ workspaceId: target.id });
    if (target.id === this.opts.current.id) this.events.appliedHere.emit({ workspaceId: target.id });
    await opts.onProgress?.('done', 1);
    return { ...outcome, workspace: { id: target.id, name: target.name } };
  }

  /** Runs `fn` on the target workspace's store: the open one's connection, or its own for a moment. */
  private async withTarget<T>(target: WorkspaceInfo, fn: (store: Store, isCurrent: boolean) => Promise<T>): Promise<T> {
    if (target.id === this.opts.current.id) return fn(this.opts.store, true);
    const store = openStore(target.dataDir);
    try {
      return await fn(store, false);
    } finally {
      await store.close();
    }
  }

  private upload(uploadId: string): Upload {
    const u = this.uploads.get(uploadId);
    if (!u)
      throw new ImportFileError(
        'This upload is no longer here (it finished or was idle too long). Choose the file again.',
      );
    u.touched = Date.now();
    return u;
  }

  private async analysisOf(u: Upload): Promise<FileAnalysis> {
    if (u.analysis) return u.analysis;
    if (u.received !== u.size)
      throw new ImportFileError(`Only ${u.received} of ${u.size} bytes arrived; choose the file again.`);
    const { text, analysis } = await this.analyzeBytes(Buffer.concat(u.chunks));
    u.chunks = [];
    u.text = text;
    u.analysis = analysis;
    return analysis;
  }

  private async checkOf(u: Upload, uploadId: string, choice: ImportChoice): Promise<FileCheck> {
    const analysis = await this.analysisOf(u);
    const key = JSON.stringify([choice.mapping, choice.dateOrder]);
    if (u.check?.key === key) return u.check.result;
    const result = await checkText(u.text!, {
      mapping: choice.mapping,
      dateOrder: choice.dateOrder,
      delimiter: analysis.delimiter,
      onProgress: (share) => this.events.progress.emit({ uploadId, phase: 'checking', share }),
    });
    u.check = { key, result };
    return result;
  }

  private dropIdle(): void {
    for (const [id, u] of this.uploads) if (Date.now() - u.touched > UPLOAD_IDLE_MS) this.uploads.delete(id);
  }
}

/** A sample date written with a two-digit year (Excel's dd/MM/yy), if the mapped date columns have one. */
function shortYearSample(analysis: FileAnalysis, choice: ImportChoice): string | null {
  const dated = analysis.headers.flatMap((h, i) => (DATE_TARGETS.has(choice.mapping[h]) ? [i] : []));
  for (const row of analysis.samples) for (const i of dated) if (hasShortYear(row[i] ?? '')) return row[i].trim();
  return null;
}

function previewRow(r: ZohoRecord, line: number) {
  const ref = (v: unknown) => (v && typeof v === 'object' ? ((v as { name?: string | null }).name ?? null) : null);
  return {
    line,
    id: r.id,
    name: String(r.Deal_Name ?? ''),
    accountName: ref(r.Account_Name),
    ownerName: ref(r.Owner),
    stage: (r.Stage as string | null) ?? null,
    probability: (r.Probability as number | null) ?? null,
    amount: (r.Amount as number | null) ?? null,
    currency: (r.Currency as string | null) ?? null,
    closingDate: (r.Closing_Date as string | null) ?? null,
  };
}

/** What the user should know before importing, although nothing is wrong. */
function warningsFor(check: FileCheck, choice: ImportChoice, analysis: FileAnalysis): string[] {
  const mapped = new Set(Object.values(choice.mapping));
  const out: string[] = [];
  const short = shortYearSample(analysis, choice);
  if (short)
    out.push(
      `Dates have two-digit years (e.g. "${short}"): 00–69 are read as 2000–2069 and 70–99 as 1970–1999. Check the Closing Date column in the preview.`,
    );
  if (!mapped.has('currency')) out.push('No Currency column: every amount is taken to be in the home currency.');
  if (!mapped.has('modifiedTime'))
    out.push('No Modified Time column: the review cannot tell which deals were updated this week.');
  const milestones = ['proposal', 'po', 'kickoff', 'invoice', 'payment', 'revenue'].filter((m) =>
    mapped.has(m as never),
  );
  if (milestones.length === 0) out.push('No milestone date columns: O2R phases come from the stage names only.');
  if (check.extraKeys.length)
    out.push(
      `${check.extraKeys.length} other column${check.extraKeys.length === 1 ? ' is' : 's are'} kept with each deal but not used by the app.`,
    );
  return out;
}

import type { CallName } from '../../../../src-shared/contract/calls';
import type { CoreContext } from '../../core-context';
import { checkExportTarget, writeExportFile } from '../../store/export-target';
import { createExport } from '../../export/export-file';
import type { HandlerGroup, Handlers } from '../handler-types';

type IoCall =
  | 'workspace.list'
  | 'import.begin'
  | 'import.chunk'
  | 'import.analyze'
  | 'import.check'
  | 'import.run'
  | 'import.cancel'
  | 'export.create';

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
  readonly code = 'WORKSPACE';
}

/** Calls that would bring CRM data into an imported workspace: refused there (docs/import-export.md). */
const CRM_ONLY: readonly CallName[] = [
  'connection.startBrowserSignIn',
  'connection.connectWithGrantCode',
  'connection.connectWithRefreshToken',
  'sync.run',
  'sync.failsafe.confirm',
  'fields.mapping.update',
  'o2r.edit',
  'o2r.editMilestones',
  'webhook.setup',
  'webhook.test',
];

/** Wraps the CRM-only handlers of an imported workspace so they explain instead of running. */
export function guardImportedWorkspace(ctx: CoreContext, handlers: Handlers): Handlers {
  if (ctx.workspaceInfo.kind !== 'import') return handlers;
  const guarded = { ...handlers } as Record<string, unknown>;
  for (const name of CRM_ONLY)
    guarded[name] = async () => {
      throw new WorkspaceError(
        `"${ctx.workspaceInfo.name}" holds an imported CSV export: it is never connected to or synced with Zoho CRM, and its deals change only by importing a newer export. Open the Zoho CRM workspace to connect, sync or edit.`,
      );
    };
  return guarded as Handlers;
}

/** Workspaces, CSV import (the wizard) and exports (the export menus). */
export function ioHandlers(ctx: CoreContext): HandlerGroup<IoCall> {
  return {
    async 'workspace.list'() {
      return {
        current: ctx.workspaceInfo.id,
        workspaces: ctx.workspaces.list().map(({ dataDir: _dataDir, ...w }) => w),
      };
    },
    async 'import.begin'({ fileName, size }) {
      return ctx.imports.begin(fileName, size);
    },
    async 'import.chunk'({ uploadId, offset, data }) {
      return ctx.imports.chunk(uploadId, offset, data);
    },
    async 'import.analyze'({ uploadId }) {
      return ctx.imports.analyze(uploadId);
    },
    async 'import.check'({ uploadId, ...choice }) {
      return ctx.imports.check(uploadId, choice);
    },
    async 'import.run'({ uploadId, ...choice }) {
      const r = await ctx.imports.run(uploadId, choice);
      return {
        workspace: r.workspace,
        added: r.added,
        changed: r.changed,
        unchanged: r.unchanged,
        removed: r.removed,
        total: r.total,
        durationMs: r.durationMs,
      };
    },
    async 'import.cancel'({ uploadId }) {
      return ctx.imports.cancel(uploadId);
    },
    async 'export.create'(req) {
      const { homeCurrency } = await ctx.settings.get();
      const file = await createExport(
        { sqlite: ctx.store.sqlite, o2r: ctx.o2r, homeCurrency, workspace: ctx.workspaceInfo.name, today: ctx.today() },
        req,
      );
      const choose = ctx.hostHooks.chooseSavePath;
      if (!choose)
        return {
          delivery: 'download',
          fileName: file.fileName,
          mime: file.mime,
          data: file.bytes.toString('base64'),
          rows: file.rows,
        };
      const target = await choose(file.fileName);
      if (!target) return { delivery: 'cancelled' };
      // A save dialog lets the user pick anything, the data file too (issue 18, defect 6).
      checkExportTarget(target, ctx.dataDir);
      writeExportFile(target, file.bytes);
      return { delivery: 'saved', fileName: file.fileName, path: target, rows: file.rows };
    },
  };
}

import { createCore, type Core } from '../../core/core';
import { resolveDataDir } from '../../core/data-dir';
import type { EditChanges } from '../../core/o2r-store/apply-edit';
import { EDIT_FIELDS, type EditField } from '../../core/o2r-store/fields';
import type { PushReport } from '../../core/o2r-store/pusher';
import { parseCliArgs, intFlag } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';

const USAGE = `Usage: pulse o2r <list|show|edit|push|status|resolve> [options] [--data-dir D] [--json]

  pulse o2r list [--phase 1-4] [--health RED,BLOCKED,…] [--attention] [--search S] [--limit N]
      the opportunities, most severe health first
  pulse o2r show <deal-id>
      one opportunity: phase, milestones, health and its reasons, actions, blockers, edits
  pulse o2r edit <deal-id> [--proposal D] [--sow D] [--po D] [--kickoff D] [--invoice D]
                 [--payment D] [--revenue D] [--stage S] [--probability N] [--closing-date D] [--push]
      dates are YYYY-MM-DD; "" clears a milestone. The edit is saved locally at once ("pending");
      --push sends it to Zoho right away, otherwise \`pulse o2r push\` or the app does.
  pulse o2r push [--all | <deal-id>…] [--milestones-only]
      send queued edits to Zoho (at most 100 records per call); conflicts are never overwritten
  pulse o2r status
      the outbox: pending, sent, failed, conflict
  pulse o2r resolve <edit-id> keep_mine|take_crm
      settle a conflict: push your value over the CRM's, or take the CRM's value

  --data-dir D   the profile's data folder (default: the desktop app's)
  --json         print JSON

Pushing uses the saved Zoho connection, or (when none is saved) ZOHO_CLIENT_ID, ZOHO_REFRESH_TOKEN,
ZOHO_CLIENT_SECRET, ZOHO_ACCOUNTS_URL and ZOHO_BASE_URL from the environment, like \`pulse sync\`.`;

const MILESTONE_FLAGS = ['proposal', 'sow', 'po', 'kickoff', 'invoice', 'payment', 'revenue'] as const;

const OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  phase: { type: 'string' },
  health: { type: 'string' },
  attention: { type: 'boolean' },
  search: { type: 'string' },
  limit: { type: 'string' },
  stage: { type: 'string' },
  probability: { type: 'string' },
  'closing-date': { type: 'string' },
  push: { type: 'boolean' },
  all: { type: 'boolean' },
  'milestones-only': { type: 'boolean' },
  ...Object.fromEntries(MILESTONE_FLAGS.map((f) => [f, { type: 'string' }])),
} as const;

type Values = ReturnType<typeof parseCliArgs<typeof OPTIONS>>['values'];

export const o2rCommand: CliCommand = {
  name: 'o2r',
  summary: 'O2R tracker: list and show opportunities, edit milestones, push edits to Zoho',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCliArgs(argv, OPTIONS, true);
    const [sub, ...rest] = positionals;
    if (!sub) throw new UsageError('which o2r command: list, show, edit, push, status or resolve');
    const core = createCore({
      dataDir: resolveDataDir(values['data-dir'], io.env),
      host: 'test',
      environment: io.env,
      sync: { autoStart: false },
      o2r: { autoPush: false },
    });
    try {
      switch (sub) {
        case 'list':
          return await list(core, values, io);
        case 'show':
          return await show(core, one(rest, 'deal id'), values, io);
        case 'edit':
          return await edit(core, one(rest, 'deal id'), values, io);
        case 'push':
          return await push(core, rest, values, io);
        case 'status':
          return print(io, values, await call(core, 'o2r.syncStatus', {}), (s) => {
            const o = s as Record<string, unknown>;
            return [
              `Queued:    ${o.queued} (pending ${o.pending}, sent ${o.sent}, failed ${o.failed}, conflict ${o.conflict})`,
              `Confirmed: ${o.confirmedLast24h} in the last 24 h`,
            ];
          });
        case 'resolve': {
          const [editId, choice] = rest;
          if (!editId || (choice !== 'keep_mine' && choice !== 'take_crm'))
            throw new UsageError('resolve needs <edit-id> keep_mine|take_crm');
          await call(core, 'o2r.resolveConflict', { editId: Number(editId), choice });
          const report = choice === 'keep_mine' ? ((await call(core, 'o2r.syncBatchToCrm', {})) as PushReport) : null;
          return print(io, values, { resolved: Number(editId), choice, report }, () => [
            `Edit ${editId}: ${choice === 'keep_mine' ? 'your value is pushed' : "the CRM's value is kept"}`,
          ]);
        }
        default:
          throw new UsageError(`unknown o2r command "${sub}"`);
      }
    } finally {
      await core.close();
    }
  },
};

function one(rest: string[], what: string): string {
  if (rest.length !== 1) throw new UsageError(`expected one ${what}`);
  return rest[0];
}

/** Dispatches through the contract, so the CLI validates exactly like the app. */
async function call(core: Core, name: string, args: unknown): Promise<unknown> {
  const outcome = await core.dispatch(name, args);
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { name: outcome.error.name });
  return outcome.result;
}

function print(io: CliIO, values: Values, data: unknown, text: (d: unknown) => string[]): number {
  if (values.json) io.out(JSON.stringify(data));
  else for (const line of text(data)) io.out(line);
  return EXIT_OK;
}

async function list(core: Core, values: Values, io: CliIO): Promise<number> {
  const args: Record<string, unknown> = { limit: intFlag('limit', values.limit, 1) ?? 50 };
  if (values.phase) args.phase = intFlag('phase', values.phase, 1);
  if (values.health) args.health = values.health.split(',').map((h) => h.trim().toUpperCase());
  if (values.attention) args.requiresAttention = true;
  if (values.search) args.search = values.search;
  const res = (await call(core, 'o2r.list', args)) as {
    total: number;
    rows: {
      id: string;
      name: string;
      phase: number;
      health: string;
      nextAction: { text: string } | null;
      syncState: string;
    }[];
  };
  return print(io, values, res, () => [
    `${res.total} opportunities${res.total > res.rows.length ? ` (first ${res.rows.length})` : ''}`,
    ...res.rows.map(
      (o) =>
        `${o.id}  P${o.phase}  ${o.health.padEnd(12)} ${o.syncState === 'synced' ? '' : `[${o.syncState}] `}${o.name}${o.nextAction ? ` — ${o.nextAction.text}` : ''}`,
    ),
  ]);
}

async function show(core: Core, id: string, values: Values, io: CliIO): Promise<number> {
  const d = (await call(core, 'o2r.get', { id })) as {
    opportunity: {
      name: string;
      stage: string | null;
      probability: number | null;
      phase: number;
      phaseLabel: string;
      health: string;
      healthReasons: string[];
      syncState: string;
      milestones: { label: string; date: string | null; status: string }[];
      actionItems: { text: string; priority: string }[];
    };
    blockers: { reason: string; resolvedOn: string | null }[];
    edits: {
      id: number;
      field: string;
      newValue: unknown;
      status: string;
      crmValue: unknown;
      errorMessage: string | null;
    }[];
  } | null;
  if (!d) {
    io.err(`No deal ${id} in the local copy`);
    return EXIT_FAILURE;
  }
  const o = d.opportunity;
  return print(io, values, d, () => [
    `${o.name}`,
    `Stage ${o.stage ?? '—'} (${o.probability ?? '—'} %) · phase ${o.phase} ${o.phaseLabel} · ${o.health} · ${o.syncState}`,
    ...o.healthReasons.map((r) => `  ! ${r}`),
    'Milestones:',
    ...o.milestones.map((m) => `  ${m.label.padEnd(22)} ${(m.date ?? '—').padEnd(10)} ${m.status}`),
    'Actions:',
    ...o.actionItems.map((a) => `  [${a.priority}] ${a.text}`),
    ...d.blockers.filter((b) => !b.resolvedOn).map((b) => `Blocker: ${b.reason}`),
    ...d.edits
      .filter((e) => e.status !== 'confirmed')
      .map(
        (e) =>
          `Edit ${e.id}: ${e.field} → ${JSON.stringify(e.newValue)} ${e.status}${e.status === 'conflict' ? ` (CRM has ${JSON.stringify(e.crmValue)})` : ''}${e.errorMessage && e.status !== 'conflict' ? ` (${e.errorMessage})` : ''}`,
      ),
  ]);
}

async function edit(core: Core, id: string, values: Values, io: CliIO): Promise<number> {
  const changes: EditChanges = {};
  for (const f of MILESTONE_FLAGS) {
    const v = (values as Record<string, string | undefined>)[f];
    if (v !== undefined) changes[f] = v.trim() === '' ? null : v.trim();
  }
  if (values.stage !== undefined) changes.stage = values.stage;
  if (values.probability !== undefined) changes.probability = Number(values.probability);
  if (values['closing-date'] !== undefined) changes.closingDate = values['closing-date'];
  if (Object.keys(changes).length === 0)
    throw new UsageError(
      `nothing to change (use ${EDIT_FIELDS.map((f: EditField) => `--${f === 'closingDate' ? 'closing-date' : f}`).join(', ')})`,
    );
  const res = (await call(core, 'o2r.edit', { id, changes, push: false })) as {
    edits: { id: number; field: string; status: string }[];
  };
  let report: PushReport | null = null;
  if (values.push) {
    report = (await call(core, 'o2r.syncToCrm', { id })) as PushReport;
  }
  return print(io, values, { ...res, report }, () => [
    ...res.edits.map((e) => `Edit ${e.id}: ${e.field} saved locally (pending)`),
    ...(res.edits.length === 0 ? ['Nothing changed (the values are already the CRM\u2019s).'] : []),
    ...(report ? [reportLine(report)] : []),
  ]);
}

async function push(core: Core, ids: string[], values: Values, io: CliIO): Promise<number> {
  if (values.all && ids.length) throw new UsageError('give deal ids or --all, not both');
  const queued = core.ctx.o2r.syncStatus().queued;
  if (!values.json)
    io.out(`Pushing ${ids.length ? `the edits of ${ids.length} deal(s)` : `${queued} queued edit(s)`} to Zoho…`);
  let report: PushReport;
  if (ids.length === 1)
    report = (await call(core, values['milestones-only'] ? 'o2r.syncMilestonesToCrm' : 'o2r.syncToCrm', {
      id: ids[0],
    })) as PushReport;
  else report = (await call(core, 'o2r.syncBatchToCrm', ids.length ? { ids } : {})) as PushReport;
  print(io, values, report, () => [reportLine(report)]);
  return report.offline || report.busy ? EXIT_FAILURE : EXIT_OK;
}

function reportLine(r: PushReport): string {
  const parts = [
    `${r.confirmed} confirmed`,
    `${r.failed} failed`,
    `${r.conflicts} conflict(s)`,
    `${r.puts} PUT call(s)`,
  ];
  return `${parts.join(', ')}${r.message ? ` — ${r.message}` : ''}`;
}

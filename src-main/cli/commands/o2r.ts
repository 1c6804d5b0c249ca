import type { CallArgs, CallResult } from '../../../src-shared/contract/calls';
import type { Core } from '../../core/core';
import { EDIT_FIELDS, type EditField } from '../../core/o2r-store/fields';
import { parseCliArgs, intFlag } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';
import { withCore } from '../with-core';

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
    return withCore(io, values['data-dir'], async (core) => {
      switch (sub) {
        case 'list':
          return list(core, values, io);
        case 'show':
          return show(core, one(rest, 'deal id'), values, io);
        case 'edit':
          return edit(core, one(rest, 'deal id'), values, io);
        case 'push':
          return push(core, rest, values, io);
        case 'status': {
          const o = await core.call('o2r.syncStatus', {});
          return print(io, values, o, [
            `Queued:    ${o.queued} (pending ${o.pending}, sent ${o.sent}, failed ${o.failed}, conflict ${o.conflict})`,
            `Confirmed: ${o.confirmedLast24h} in the last 24 h`,
          ]);
        }
        case 'resolve':
          return resolve(core, rest, values, io);
        default:
          throw new UsageError(`unknown o2r command "${sub}"`);
      }
    });
  },
};

type PushReport = CallResult<'o2r.syncToCrm'>;

function one(rest: string[], what: string): string {
  if (rest.length !== 1) throw new UsageError(`expected one ${what}`);
  return rest[0];
}

function print(io: CliIO, values: Values, data: unknown, lines: string[]): number {
  if (values.json) io.out(JSON.stringify(data));
  else for (const line of lines) io.out(line);
  return EXIT_OK;
}

async function list(core: Core, values: Values, io: CliIO): Promise<number> {
  // Checked by the contract like any call: a phase of 7 or an unknown health is a ValidationError.
  const args = { limit: intFlag('limit', values.limit, 1) ?? 50 } as CallArgs<'o2r.list'>;
  if (values.phase) args.phase = intFlag('phase', values.phase, 1, 4) as CallArgs<'o2r.list'>['phase'];
  if (values.health)
    args.health = values.health.split(',').map((h) => h.trim().toUpperCase()) as CallArgs<'o2r.list'>['health'];
  if (values.attention) args.requiresAttention = true;
  if (values.search) args.search = values.search;
  const res = await core.call('o2r.list', args);
  return print(io, values, res, [
    `${res.total} opportunities${res.total > res.rows.length ? ` (first ${res.rows.length})` : ''}`,
    ...res.rows.map((o) => {
      const state = o.syncState === 'synced' ? '' : `[${o.syncState}] `;
      return `${o.id}  P${o.phase}  ${o.health.padEnd(12)} ${state}${o.name}${o.nextAction ? ` — ${o.nextAction.text}` : ''}`;
    }),
  ]);
}

async function show(core: Core, id: string, values: Values, io: CliIO): Promise<number> {
  const d = await core.call('o2r.get', { id });
  if (!d) {
    io.err(`No deal ${id} in the local copy`);
    return EXIT_FAILURE;
  }
  const o = d.opportunity;
  return print(io, values, d, [
    `${o.name}`,
    `Stage ${o.stage ?? '—'} (${o.probability ?? '—'} %) · phase ${o.phase} ${o.phaseLabel} · ${o.health} · ${o.syncState}`,
    ...o.healthReasons.map((r) => `  ! ${r}`),
    'Milestones:',
    ...o.milestones.map((m) => `  ${m.label.padEnd(22)} ${(m.date ?? '—').padEnd(10)} ${m.status}`),
    'Actions:',
    ...o.actionItems.map((a) => `  [${a.priority}] ${a.text}`),
    ...d.blockers.filter((b) => !b.resolvedOn).map((b) => `Blocker: ${b.reason}`),
    ...d.edits.filter((e) => e.status !== 'confirmed').map(editLine),
  ]);
}

function editLine(e: CallResult<'o2r.edits'>[number]): string {
  const why =
    e.status === 'conflict' ? ` (CRM has ${JSON.stringify(e.crmValue)})` : e.errorMessage ? ` (${e.errorMessage})` : '';
  return `Edit ${e.id}: ${e.field} → ${JSON.stringify(e.newValue)} ${e.status}${why}`;
}

async function edit(core: Core, id: string, values: Values, io: CliIO): Promise<number> {
  const changes: CallArgs<'o2r.edit'>['changes'] = {};
  for (const f of MILESTONE_FLAGS) {
    const v = (values as Record<string, string | undefined>)[f];
    if (v !== undefined) changes[f] = v.trim() === '' ? null : v.trim();
  }
  if (values.stage !== undefined) changes.stage = values.stage;
  if (values.probability !== undefined) changes.probability = intFlag('probability', values.probability, 0, 100);
  if (values['closing-date'] !== undefined) changes.closingDate = values['closing-date'];
  if (Object.keys(changes).length === 0) {
    const flags = EDIT_FIELDS.map((f: EditField) => `--${f === 'closingDate' ? 'closing-date' : f}`);
    throw new UsageError(`nothing to change (use ${flags.join(', ')})`);
  }
  const res = await core.call('o2r.edit', { id, changes, push: false });
  const report = values.push ? await core.call('o2r.syncToCrm', { id }) : null;
  return print(io, values, { ...res, report }, [
    ...res.edits.map((e) => `Edit ${e.id}: ${e.field} saved locally (pending)`),
    ...(res.edits.length === 0 ? ['Nothing changed (the values are already the CRM\u2019s).'] : []),
    ...(report ? [reportLine(report)] : []),
  ]);
}

async function push(core: Core, ids: string[], values: Values, io: CliIO): Promise<number> {
  if (values.all && ids.length) throw new UsageError('give deal ids or --all, not both');
  const { queued } = await core.call('o2r.syncStatus', {});
  if (!values.json)
    io.out(`Pushing ${ids.length ? `the edits of ${ids.length} deal(s)` : `${queued} queued edit(s)`} to Zoho…`);
  let report: PushReport;
  if (ids.length === 1)
    report = await core.call(values['milestones-only'] ? 'o2r.syncMilestonesToCrm' : 'o2r.syncToCrm', { id: ids[0] });
  else report = await core.call('o2r.syncBatchToCrm', ids.length ? { ids } : {});
  print(io, values, report, [reportLine(report)]);
  return report.offline || report.busy ? EXIT_FAILURE : EXIT_OK;
}

async function resolve(core: Core, rest: string[], values: Values, io: CliIO): Promise<number> {
  const [editId, choice] = rest;
  if (!editId || (choice !== 'keep_mine' && choice !== 'take_crm'))
    throw new UsageError('resolve needs <edit-id> keep_mine|take_crm');
  const id = intFlag('edit-id', editId, 1)!;
  await core.call('o2r.resolveConflict', { editId: id, choice });
  const report = choice === 'keep_mine' ? await core.call('o2r.syncBatchToCrm', {}) : null;
  return print(io, values, { resolved: id, choice, report }, [
    `Edit ${editId}: ${choice === 'keep_mine' ? 'your value is pushed' : "the CRM's value is kept"}`,
  ]);
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

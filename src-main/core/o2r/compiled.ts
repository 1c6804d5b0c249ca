/**
 * Settings pre-digested for the hot path. computeOpportunity runs per deal, so look-ups that
 * depend only on settings (normalised stage table, tracked roles as flags) are built once per
 * settings object and cached by identity. Settings objects are treated as immutable: to change
 * settings, pass a new object (resolveO2RSettings does).
 */
import type { O2RSettings } from './settings';
import type { Milestone, Phase, PhaseRule } from './types';
import { MILESTONE_ROLES } from './types';

export interface StageInfo {
  /** Phase from the table or from the probability in the name; null when neither applies. */
  phase: Phase | null;
  rule: Extract<PhaseRule, 'stage-table' | 'stage-name-probability'> | null;
  closedLost: boolean;
}

export interface CompiledSettings {
  settings: O2RSettings;
  stageTable: Map<string, Phase>;
  lostStages: Set<string>;
  /** By role index (MILESTONE_ROLES order). */
  tracked: boolean[];
  optional: boolean[];
  /** Stage string → info, memoised (an org has a handful of stages). */
  stageMemo: Map<string, StageInfo>;
  /** Shared read-only pending milestones, built on first use by milestones.ts. */
  pendingMilestones: readonly Milestone[] | null;
}

const cache = new WeakMap<O2RSettings, CompiledSettings>();
const MEMO_LIMIT = 5000;

/** Lower-case, trimmed, inner whitespace collapsed: "  Closed   Won " → "closed won". */
export function normalizeStage(stage: string): string {
  return stage.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function compile(settings: O2RSettings): CompiledSettings {
  let c = cache.get(settings);
  if (c) return c;
  const stageTable = new Map<string, Phase>();
  for (const [name, phase] of Object.entries(settings.stagePhases)) stageTable.set(normalizeStage(name), phase);
  c = {
    settings,
    stageTable,
    lostStages: new Set(settings.closedLostStages.map(normalizeStage)),
    tracked: MILESTONE_ROLES.map((r) => settings.trackedRoles.includes(r)),
    optional: MILESTONE_ROLES.map((r) => settings.optionalRoles.includes(r)),
    stageMemo: new Map(),
    pendingMilestones: null,
  };
  cache.set(settings, c);
  return c;
}

/** Memoised stage analysis; the memo is bounded so odd data cannot grow it without limit. */
export function stageInfo(
  c: CompiledSettings,
  stage: string,
  analyse: (c: CompiledSettings, stage: string) => StageInfo,
): StageInfo {
  let info = c.stageMemo.get(stage);
  if (info) return info;
  info = analyse(c, stage);
  if (c.stageMemo.size >= MEMO_LIMIT) c.stageMemo.clear();
  c.stageMemo.set(stage, info);
  return info;
}

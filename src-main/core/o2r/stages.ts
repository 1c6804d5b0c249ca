/**
 * What a stage name says: its phase (table first, then the probability written in the name) and
 * whether it is closed-lost.
 */
import type { CompiledSettings, StageInfo } from './compiled';
import { compile, normalizeStage, stageInfo } from './compiled';
import type { O2RSettings, ProbabilityPhaseBounds } from './settings';
import { DEFAULT_O2R_SETTINGS } from './settings';
import type { Phase } from './types';

const LOST_WORD = /\blost\b/;
/** The last "(NN)" in a name, e.g. "Proposal submitted (60)" → 60. */
const NAME_PROBABILITY = /\((\d{1,3})(?:\s*%)?\)\s*$/;

/** Read the probability written in a stage name, or null. */
export function probabilityFromStageName(stage: string): number | null {
  const m = NAME_PROBABILITY.exec(stage);
  if (!m) return null;
  const p = Number(m[1]);
  return p <= 100 ? p : null;
}

/** Map a probability (0–100) to a phase by the configured lower bounds. */
export function phaseFromProbability(probability: number, bounds: ProbabilityPhaseBounds): Phase {
  if (probability >= bounds.phase4From) return 4;
  if (probability >= bounds.phase3From) return 3;
  if (probability >= bounds.phase2From) return 2;
  return 1;
}

function analyseStage(c: CompiledSettings, stage: string): StageInfo {
  const key = normalizeStage(stage);
  const closedLost = c.lostStages.has(key) || LOST_WORD.test(key);
  const fromTable = c.stageTable.get(key);
  if (fromTable !== undefined) return { phase: fromTable, rule: 'stage-table', closedLost };
  // A lost stage's "(0)" says nothing about how far the deal got, so no name-probability phase.
  const p = closedLost ? null : probabilityFromStageName(stage);
  if (p !== null)
    return { phase: phaseFromProbability(p, c.settings.probabilityPhases), rule: 'stage-name-probability', closedLost };
  return { phase: null, rule: null, closedLost };
}

const NO_STAGE: StageInfo = Object.freeze({ phase: null, rule: null, closedLost: false });

/** Stage analysis with the compiled settings (hot path). */
export function describeStageCompiled(c: CompiledSettings, stage: string | null): StageInfo {
  return stage ? stageInfo(c, stage, analyseStage) : NO_STAGE;
}

/** Stage analysis: phase by table or name probability, and closed-lost. */
export function describeStage(stage: string | null, settings: O2RSettings = DEFAULT_O2R_SETTINGS): StageInfo {
  return describeStageCompiled(compile(settings), stage);
}

/** Whether the stage is a closed-lost stage (by list, or containing the word "lost"). */
export function isClosedLostStage(stage: string | null, settings: O2RSettings = DEFAULT_O2R_SETTINGS): boolean {
  return describeStage(stage, settings).closedLost;
}

/**
 * What the weekly review PDF shows, gathered from the O2R service: headline figures, movement,
 * the breakdown by phase and territory, and the opportunities needing attention (red, blocked or
 * deteriorated) with their reasons, next action and review note. Kept apart from the drawing so
 * the content can be checked without reading a PDF.
 */
import { HEALTH_SEVERITY, PHASE_LABELS, type Health, type Phase } from '../o2r/index';
import type { O2RService } from '../o2r-store/o2r-service';

export interface AttentionItem {
  name: string;
  accountName: string | null;
  ownerName: string | null;
  health: Health;
  movement: string;
  amountHome: number | null;
  reasons: string[];
  nextAction: string | null;
  note: string | null;
}

export interface BreakdownLine {
  label: string;
  total: number;
  updated: number;
  attention: number;
  healthScore: number | null;
}

export interface ReviewReport {
  week: { start: string; end: string };
  workspace: string;
  homeCurrency: string;
  headline: {
    open: number;
    healthScore: number | null;
    shareUpdated: number | null;
    requiresAttention: number;
    reviewed: number;
    closedLost: number;
  };
  health: Record<Health, number>;
  movement: Record<'new' | 'improved' | 'deteriorated' | 'stable', number>;
  byPhase: BreakdownLine[];
  byTerritory: BreakdownLine[];
  attention: AttentionItem[];
}

export function buildReviewReport(
  o2r: O2RService,
  week: string | undefined,
  workspace: string,
  homeCurrency: string,
): ReviewReport {
  const review = o2r.review(week);
  const { insights } = review;
  const line = (label: string, b: (typeof insights)['overall']): BreakdownLine => ({
    label,
    total: b.total,
    updated: b.updated,
    attention: b.requiresAttention,
    healthScore: b.healthScore,
  });
  const attention: AttentionItem[] = [];
  for (const row of review.rows) {
    if (row.closedLost) continue;
    if (!(row.health === 'RED' || row.health === 'BLOCKED' || row.movement === 'deteriorated')) continue;
    const opp = o2r.cache.get(row.id);
    if (!opp) continue;
    attention.push({
      name: opp.name,
      accountName: opp.accountName,
      ownerName: opp.ownerName,
      health: row.health,
      movement: row.movement,
      amountHome: opp.amountHome,
      reasons: opp.healthReasons,
      nextAction: opp.nextAction?.text ?? null,
      note: row.note,
    });
  }
  attention.sort(
    (a, b) =>
      HEALTH_SEVERITY[b.health] - HEALTH_SEVERITY[a.health] ||
      (b.amountHome ?? 0) - (a.amountHome ?? 0) ||
      a.name.localeCompare(b.name),
  );
  return {
    week: review.week,
    workspace,
    homeCurrency,
    headline: {
      open: insights.overall.total,
      healthScore: insights.overall.healthScore,
      shareUpdated: insights.overall.shareUpdated,
      requiresAttention: insights.overall.requiresAttention,
      reviewed: insights.reviewed,
      closedLost: insights.closedLost,
    },
    health: insights.overall.health,
    movement: insights.movement,
    byPhase: ([1, 2, 3, 4] as Phase[]).map((p) => line(`${p} · ${PHASE_LABELS[p]}`, insights.byPhase[p])),
    byTerritory: Object.entries(insights.byTerritory)
      .map(([t, b]) => line(t, b))
      .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label)),
    attention,
  };
}

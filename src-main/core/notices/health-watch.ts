import type { WorsenedOpportunity } from './build-notice';

export type TroubledNow = ReadonlyMap<string, { name: string; health: 'RED' | 'BLOCKED' }>;
/** What was RED or BLOCKED at the previous look, by deal id (kept between runs). */
export type TroubledBefore = Record<string, 'RED' | 'BLOCKED'>;

/**
 * Opportunities that got worse into RED or BLOCKED since the previous look: not troubled before,
 * or RED before and BLOCKED now. Getting better (BLOCKED → RED, or out of trouble) says nothing.
 * With no previous look (the first sync ever) nothing "turned": everything is simply the start.
 */
export function worsenedSince(before: TroubledBefore | undefined, now: TroubledNow): WorsenedOpportunity[] {
  if (!before) return [];
  const out: WorsenedOpportunity[] = [];
  for (const [id, { name, health }] of now) {
    const was = before[id];
    if (was === undefined || (was === 'RED' && health === 'BLOCKED')) out.push({ id, name, health });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The map to keep for the next look. */
export function troubledSnapshot(now: TroubledNow): TroubledBefore {
  const out: TroubledBefore = {};
  for (const [id, { health }] of now) out[id] = health;
  return out;
}

export function sameSnapshot(a: TroubledBefore | undefined, b: TroubledBefore): boolean {
  if (!a) return false;
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}

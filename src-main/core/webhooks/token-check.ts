import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a received token with ours in constant time. Both are hashed first so the comparison
 * does not leak the expected length either (timingSafeEqual needs equal lengths).
 */
export function tokensMatch(received: string | null | undefined, expected: string): boolean {
  if (typeof received !== 'string' || expected.length === 0) return false;
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

import { createHash, randomBytes } from 'node:crypto';

/**
 * PKCE (RFC 7636) with S256: a desktop app cannot keep a client secret, so the code it receives is
 * bound to a one-time verifier only this process knows. Also the random `state` of the flow.
 */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function createPkcePair(): PkcePair {
  // 32 random bytes → 43 base64url characters, within the RFC's 43..128.
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier), method: 'S256' };
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function randomState(): string {
  return randomBytes(24).toString('base64url');
}

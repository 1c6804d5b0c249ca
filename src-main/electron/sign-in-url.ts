/**
 * Which URLs the app may open in the system browser for the Zoho sign-in: Zoho's authorize page
 * on one of its accounts servers (https), or a sandbox on this computer (http://127.0.0.1). Kept
 * free of `electron` imports so it is unit-tested in plain Node; security.ts applies the general
 * link rule, this one only the sign-in.
 */
import { REGIONS } from '../core/zoho/regions';

/** The accounts servers of every data centre, from the data-centre table. */
const ZOHO_ACCOUNTS = new Set(REGIONS.filter((r) => r.accountsUrl).map((r) => new URL(r.accountsUrl).hostname));

export function isSignInUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.pathname !== '/oauth/v2/auth' || u.username || u.password) return false;
  if (u.protocol === 'https:') return ZOHO_ACCOUNTS.has(u.hostname);
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

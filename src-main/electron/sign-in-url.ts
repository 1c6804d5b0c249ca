/**
 * Which URLs the app may open in the system browser for the Zoho sign-in: Zoho's authorize page
 * on one of its accounts servers (https), or a sandbox on this computer (http://127.0.0.1). Kept
 * free of `electron` imports so it is unit-tested in plain Node; security.ts applies the general
 * link rule, this one only the sign-in.
 */
const ZOHO_ACCOUNTS = /^accounts\.(zoho\.(com|eu|in|com\.au|jp|com\.cn|sa)|zohocloud\.ca)$/;

export function isSignInUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.pathname !== '/oauth/v2/auth' || u.username || u.password) return false;
  if (u.protocol === 'https:') return ZOHO_ACCOUNTS.test(u.hostname);
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

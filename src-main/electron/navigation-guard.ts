/**
 * What the window may load and what may leave the app (Electron's security checklist: limit
 * navigation, limit new windows, check URLs before shell.openExternal). Free of `electron`
 * imports; security.ts applies these to every webContents.
 */
import { REGIONS } from '../core/zoho/regions';

/**
 * Zoho's own sites in every data centre (zoho.in, zoho.com, …, zohocloud.ca: its consoles, help
 * pages, sign-in), from the data-centre table: the only links opened in the system browser.
 */
const ZOHO_DOMAINS = REGIONS.filter((r) => r.accountsUrl).map((r) =>
  new URL(r.accountsUrl).hostname.replace(/^accounts\./, ''),
);
const isZohoHost = (host: string) => ZOHO_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));

/** An https link to Zoho, with no credentials in it, may open in the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && !u.username && !u.password && !u.port && isZohoHost(u.hostname);
}

/** The same document of our own bundle (a reload, or the same page with another hash). */
export function isOwnPage(url: string, rendererUrl: string): boolean {
  let u: URL;
  let own: URL;
  try {
    u = new URL(url);
    own = new URL(rendererUrl);
  } catch {
    return false;
  }
  return u.protocol === own.protocol && u.host === own.host && u.pathname === own.pathname && !u.username;
}

export interface LinkDecision {
  /** Let the window follow it (only our own page). */
  allow: boolean;
  /** Open it in the system browser instead. */
  openExternal: boolean;
}

/** `will-navigate` / `will-redirect`: stay on our page; a Zoho https link goes to the browser. */
export function decideNavigation(url: string, rendererUrl: string): LinkDecision {
  if (isOwnPage(url, rendererUrl)) return { allow: true, openExternal: false };
  return { allow: false, openExternal: isSafeExternalUrl(url) };
}

/** `window.open` / target=_blank: never a new window; a Zoho https link goes to the browser. */
export function decideWindowOpen(url: string): LinkDecision {
  return { allow: false, openExternal: isSafeExternalUrl(url) };
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, rendererUrlFrom, resolveAppFile } from '../../src-main/electron/app-protocol';
import { decideNavigation, decideWindowOpen, isSafeExternalUrl } from '../../src-main/electron/navigation-guard';
import { isTrustedSender } from '../../src-main/electron/trusted-sender';
import { tempDir } from '../helpers/temp-dir';

describe('navigation, new windows and openExternal', () => {
  it('the window stays on our page: a reload or another hash is fine, anything else is stopped', () => {
    expect(decideNavigation('app://bundle/index.html#/o2r?health=RED', APP_ENTRY_URL)).toEqual({
      allow: true,
      openExternal: false,
    });
    for (const url of [
      'app://bundle/other.html',
      'app://evil/index.html',
      'file:///etc/passwd',
      'https://evil.example/',
      'http://127.0.0.1:8080/',
      'javascript:alert(1)',
    ])
      expect(decideNavigation(url, APP_ENTRY_URL), url).toEqual({ allow: false, openExternal: false });
  });

  it('a Zoho https link leaves for the system browser; nothing opens a new window', () => {
    expect(decideNavigation('https://api-console.zoho.in/', APP_ENTRY_URL)).toEqual({
      allow: false,
      openExternal: true,
    });
    expect(decideWindowOpen('https://help.zoho.com/portal/en/kb/crm')).toEqual({ allow: false, openExternal: true });
    expect(decideWindowOpen('https://evil.example/')).toEqual({ allow: false, openExternal: false });
  });

  it('openExternal only gets https Zoho addresses, without credentials, ports or look-alike hosts', () => {
    expect(isSafeExternalUrl('https://accounts.zoho.eu/oauth/v2/auth')).toBe(true);
    expect(isSafeExternalUrl('https://crm.zohocloud.ca/')).toBe(true);
    expect(isSafeExternalUrl('https://zoho.com.au/')).toBe(true);
    for (const url of [
      'http://accounts.zoho.com/',
      'https://zoho.com.evil.example/',
      'https://evilzoho.com/',
      'https://user:pw@accounts.zoho.com/',
      'https://accounts.zoho.com:8443/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://zoho.com/share',
      'not a url',
    ])
      expect(isSafeExternalUrl(url), url).toBe(false);
  });
});

describe('the app:// protocol', () => {
  it('serves files of the built renderer and nothing outside it', () => {
    const dir = tempDir('pulse-bundle-');
    fs.mkdirSync(path.join(dir, 'assets'));
    const r = (u: string) => resolveAppFile(u, dir);
    expect(r('app://bundle/')).toBe(path.join(dir, 'index.html'));
    expect(r('app://bundle/index.html#/deals')).toBe(path.join(dir, 'index.html'));
    expect(r('app://bundle/assets/index-1.js?v=2')).toBe(path.join(dir, 'assets', 'index-1.js'));
    // The URL parser already folds `..` (and `%2e%2e`) into the bundle's root…
    expect(r('app://bundle/../secrets.json')).toBe(path.join(dir, 'secrets.json'));
    expect(r('app://bundle/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(dir, 'etc', 'passwd'));
    // …and what only decoding reveals (an encoded slash) is refused here.
    for (const bad of [
      'app://bundle/assets/%2e%2e%2f%2e%2e%2fx',
      'app://bundle/%00index.html',
      'app://other/index.html',
      'file:///index.html',
      'app://bundle/%E0%A4%A',
    ])
      expect(r(bad), bad).toBeNull();
  });

  it('loads our bundle from app://, the dev server only in development', () => {
    expect(rendererUrlFrom({})).toBe('app://bundle/index.html');
    expect(rendererUrlFrom({ ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toBe('http://localhost:5173');
  });
});

describe('the IPC sender check', () => {
  const bundle = APP_ENTRY_URL;
  it('trusts only the top frame of our own bundle (or the dev server)', () => {
    expect(isTrustedSender(bundle, true, bundle)).toBe(true);
    expect(isTrustedSender(`${bundle}#/settings?section=sync`, true, bundle)).toBe(true);
    expect(isTrustedSender(bundle, false, bundle)).toBe(false); // an iframe
    expect(isTrustedSender('http://localhost:5173/', true, 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', true, 'http://localhost:5173/')).toBe(false);
    expect(isTrustedSender(undefined, true, bundle)).toBe(false);
  });

  it('does not take "origin null" for ours: data:, file:, another app:// host or page are refused', () => {
    for (const url of [
      'data:text/html,<script>1</script>',
      'file:///app/out/renderer/index.html',
      'app://evil/index.html',
      'app://bundle/evil.html',
      'app://user@bundle/index.html',
      'about:blank',
    ])
      expect(isTrustedSender(url, true, bundle), url).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isSignInUrl } from '../../src-main/electron/sign-in-url';

// The check the Electron host runs before shell.openExternal (plain Node: no Electron runtime here).
describe('which sign-in URLs the desktop app opens in the system browser', () => {
  it.each([
    ['https://accounts.zoho.in/oauth/v2/auth?client_id=x', true],
    ['https://accounts.zohocloud.ca/oauth/v2/auth', true],
    ['https://accounts.zoho.com.au/oauth/v2/auth', true],
    ['http://127.0.0.1:4010/oauth/v2/auth?x=1', true],
    ['http://accounts.zoho.in/oauth/v2/auth', false],
    ['https://accounts.zoho.in.evil.example/oauth/v2/auth', false],
    ['https://user:pw@accounts.zoho.in/oauth/v2/auth', false],
    ['https://accounts.zoho.in/somewhere-else', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isSignInUrl(url)).toBe(expected);
  });
});

import { z } from 'zod';
import { connectionStateSchema } from './schemas';

/**
 * Schemas of the `connection.*` calls. What the renderer receives describes the connection;
 * it never contains a token or a client secret (tests grep every answer for them).
 */

export const regionIdSchema = z.enum(['in', 'us', 'eu', 'au', 'jp', 'cn', 'ca', 'sa', 'sandbox']);
export type RegionIdValue = z.infer<typeof regionIdSchema>;

export const regionSchema = z.object({
  id: regionIdSchema,
  label: z.string(),
  accountsUrl: z.string(),
  apiDomain: z.string(),
});

export const regionsResultSchema = z.object({ regions: z.array(regionSchema), defaultRegion: regionIdSchema });

export const connectionStatusSchema = z.object({
  state: connectionStateSchema,
  region: regionIdSchema.nullable(),
  accountsUrl: z.string().nullable(),
  apiDomain: z.string().nullable(),
  clientId: z.string().nullable(),
  flow: z.enum(['browser', 'grant_code', 'refresh_token', 'env', 'demo']).nullable(),
  org: z.object({ id: z.string(), name: z.string(), edition: z.string().nullable() }).nullable(),
  user: z.object({ name: z.string(), email: z.string().nullable() }).nullable(),
  connectedAt: z.string().nullable(),
  /** Why the connection needs attention (e.g. the refresh token was revoked). */
  lastError: z.string().nullable(),
  /** A browser sign-in in progress, or how the last one ended. */
  signIn: z.object({
    pending: z.boolean(),
    redirectUri: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
  /** Where secrets are kept, e.g. "OS keychain"; null when none is usable here. */
  secretStore: z.string().nullable(),
  /** The loopback port the browser sign-in uses (register http://127.0.0.1:<port>/oauth/callback). */
  loopbackPort: z.int(),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

const target = {
  region: regionIdSchema.default('in'),
  /** Only for the sandbox region: its base URL. */
  accountsUrl: z.string().trim().max(300).optional(),
  clientId: z.string().trim().min(1, 'enter the client ID from the Zoho API console').max(200),
  clientSecret: z.string().trim().max(300).optional(),
};

export const startBrowserSignInArgs = z.strictObject({ ...target, port: z.int().min(1024).max(65535).optional() });
export const startBrowserSignInResult = z.object({
  authorizeUrl: z.string(),
  redirectUri: z.string(),
  openedInBrowser: z.boolean(),
});

export const connectWithGrantCodeArgs = z.strictObject({
  ...target,
  clientSecret: z.string().trim().min(1, 'a Self Client grant code needs the client secret').max(300),
  grantCode: z.string().trim().min(1, 'paste the grant code').max(500),
});

export const connectWithRefreshTokenArgs = z.strictObject({
  ...target,
  refreshToken: z.string().trim().min(1, 'paste the refresh token').max(500),
});

export const connectionTestResultSchema = z.object({
  latencyMs: z.int(),
  org: z.object({ id: z.string(), name: z.string(), edition: z.string().nullable() }),
  user: z.object({ name: z.string(), email: z.string().nullable() }),
});

export const disconnectResultSchema = z.object({ revokedAtZoho: z.boolean(), status: connectionStatusSchema });

import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

type ConnectionCalls =
  | 'connection.status'
  | 'connection.regions'
  | 'connection.startBrowserSignIn'
  | 'connection.cancelBrowserSignIn'
  | 'connection.connectWithGrantCode'
  | 'connection.connectWithRefreshToken'
  | 'connection.test'
  | 'connection.disconnect';

/** The Zoho connection. Secrets come in (client secret, grant code, refresh token); none goes out. */
export function connectionHandlers(ctx: CoreContext): HandlerGroup<ConnectionCalls> {
  const c = ctx.connection;
  return {
    async 'connection.status'() {
      return c.status();
    },
    async 'connection.regions'() {
      return c.regions();
    },
    async 'connection.startBrowserSignIn'(args) {
      return c.startBrowserSignIn(args);
    },
    async 'connection.cancelBrowserSignIn'() {
      return c.cancelBrowserSignIn();
    },
    async 'connection.connectWithGrantCode'(args) {
      return c.connectWithGrantCode(args);
    },
    async 'connection.connectWithRefreshToken'(args) {
      return c.connectWithRefreshToken(args);
    },
    async 'connection.test'() {
      return c.test();
    },
    async 'connection.disconnect'() {
      await ctx.webhooks.beforeDisconnect();
      return c.disconnect();
    },
  };
}

import { parseCliArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { withCore } from '../with-core';

export const disconnectCommand: CliCommand = {
  name: 'disconnect',
  summary: 'Disconnect the Zoho CRM account: revoke its token at Zoho and delete it from the keychain',
  usage: `Usage: pulse disconnect [--data-dir D]

The cached deals stay in the data folder; connect again to resume syncing.`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, { 'data-dir': { type: 'string' } });
    return withCore(io, values['data-dir'], async (core) => {
      if (core.ctx.connection.state() === 'disconnected') {
        io.out('No Zoho CRM account is connected.');
        return EXIT_OK;
      }
      await core.ctx.webhooks.beforeDisconnect();
      const { revokedAtZoho } = await core.ctx.connection.disconnect();
      io.out(
        revokedAtZoho
          ? 'Disconnected: the token was revoked at Zoho and deleted from the keychain.'
          : 'Disconnected locally (the token was deleted from the keychain), but Zoho could not be reached to revoke it. ' +
              'You can remove Pipeline Pulse under "Connected Apps" in your Zoho account.',
      );
      return EXIT_OK;
    });
  },
};

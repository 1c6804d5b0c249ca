import type { CliCommand } from '../command';
import { connectCommand } from './connect';
import { disconnectCommand } from './disconnect';
import { sandboxCommand } from './sandbox';
import { statusCommand } from './status';
import { webCommand } from './web';

/** Every `pulse` subcommand, in the order `pulse --help` lists them. Add one line per command. */
export const commands: CliCommand[] = [
  sandboxCommand,
  statusCommand,
  connectCommand,
  disconnectCommand,
  webCommand,
];

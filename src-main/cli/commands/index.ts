import type { CliCommand } from '../command';
import { sandboxCommand } from './sandbox';
import { statusCommand } from './status';
import { webCommand } from './web';

/** Every `pulse` subcommand, in the order `pulse --help` lists them. Add one line per command. */
export const commands: CliCommand[] = [
  sandboxCommand,
  statusCommand,
  webCommand,
];

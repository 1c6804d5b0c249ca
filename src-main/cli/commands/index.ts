import type { CliCommand } from '../command';
import { backupCommand } from './backup';
import { benchCommand } from './bench';
import { connectCommand } from './connect';
import { disconnectCommand } from './disconnect';
import { exportCommand } from './export';
import { importCommand } from './import';
import { o2rCommand } from './o2r';
import { restoreCommand } from './restore';
import { sandboxCommand } from './sandbox';
import { statusCommand } from './status';
import { syncCommand } from './sync';
import { webCommand } from './web';
import { webhookCommand } from './webhook';

/** Every `pulse` subcommand, in the order `pulse --help` lists them. Add one line per command. */
export const commands: CliCommand[] = [
  sandboxCommand,
  statusCommand,
  connectCommand,
  disconnectCommand,
  syncCommand,
  importCommand,
  exportCommand,
  benchCommand,
  o2rCommand,
  backupCommand,
  restoreCommand,
  webCommand,
  webhookCommand,
];

import path from 'node:path';
import { resolveDataDir } from '../core/data-dir';
import { STORE_FILE_NAME } from '../core/store/open-store';
import { explainStoreError } from '../core/store/store-errors';
import { commands } from './commands/index';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from './command';

const HELP_HEADER = `pulse — Pipeline Pulse from the command line

Usage: pulse <command> [options]      (pulse <command> --help for its options)

Commands:`;

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [HELP_HEADER, ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`)].join('\n');
}

/** Runs one CLI invocation and returns its exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`pulse: unknown command "${name}"\n\n${helpText()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`pulse ${name}: ${error.message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    // SQLite's "database disk image is malformed" / "attempt to write a readonly database" met
    // mid-command: say which file and what to do instead.
    const e = explainStoreError(error, path.join(dataDirOf(rest, io.env), STORE_FILE_NAME)) as Error;
    io.err(`pulse ${name}: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`);
    if (io.env.PULSE_DEBUG) io.err(String(e.stack));
    return EXIT_FAILURE;
  }
}

/** The data folder a command line names (--data-dir D or --data-dir=D), else the default one. */
function dataDirOf(argv: string[], env: NodeJS.ProcessEnv): string {
  const i = argv.indexOf('--data-dir');
  const inline = argv.find((a) => a.startsWith('--data-dir='));
  return resolveDataDir(i >= 0 ? argv[i + 1] : inline?.slice('--data-dir='.length), env);
}

export function processIO(): CliIO {
  // `pulse export deals | head`: the reader went away. That is a normal end for a CLI, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    stdin: process.stdin,
  };
}

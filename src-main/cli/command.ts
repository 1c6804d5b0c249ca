/**
 * The shape every `pulse` subcommand implements. Each subcommand lives in its own file under
 * `commands/` and is listed once in `commands/index.ts`.
 *
 * Exit codes are part of the CLI contract: 0 ok, 1 failure, 2 usage error.
 */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stdout is a terminal (progress bars, colours); false when piped or in tests. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Standard input, for secrets given as `-` (default: process.stdin). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

export interface CliCommand {
  name: string;
  /** One line for `pulse --help`. */
  summary: string;
  /** Full usage text for `pulse <name> --help`. */
  usage: string;
  /** Returns the exit code. Throw UsageError for bad arguments (exit 2). */
  run(argv: string[], io: CliIO): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Thrown for bad command-line arguments; main prints the message and the usage, exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

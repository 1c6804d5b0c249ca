import readline from 'node:readline';
import { UsageError } from './command';

/** What a secret flag may be given as: `-` means "read it from standard input". */
export const FROM_STDIN = '-';

export interface SecretSource {
  /** Standard input; a terminal gets a prompt with the typing hidden. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** Where prompts go (standard error, so standard output stays clean for --json). */
  prompt: (text: string) => void;
}

/**
 * Reads secrets given as `-` (a command line is visible to every local user in the process
 * list; standard input is not). On a terminal each one is prompted for with the typing hidden;
 * from a pipe or file they are read one per line, in the order the command asks for them.
 */
export class SecretReader {
  private rl: readline.Interface | null = null;
  private lines: AsyncIterator<string> | null = null;

  constructor(private readonly source: SecretSource) {}

  async read(label: string): Promise<string> {
    const value = (this.source.stdin.isTTY ? await this.prompt(label) : await this.nextLine()).trim();
    if (!value) throw new UsageError(`no ${label} was given on standard input`);
    return value;
  }

  /** Stops reading standard input, so a pipe left open does not keep the process alive. */
  close(): void {
    this.rl?.close();
    this.source.stdin.pause();
  }

  private async nextLine(): Promise<string> {
    this.rl ??= readline.createInterface({ input: this.source.stdin, crlfDelay: Infinity, terminal: false });
    this.lines ??= this.rl[Symbol.asyncIterator]();
    const next = await this.lines.next();
    return next.done ? '' : next.value;
  }

  private prompt(label: string): Promise<string> {
    const stdin = this.source.stdin;
    this.source.prompt(`${label[0].toUpperCase()}${label.slice(1)} (typing is hidden): `);
    return new Promise((resolve, reject) => {
      let value = '';
      const done = (error?: Error) => {
        stdin.removeListener('data', onData);
        stdin.setRawMode?.(false);
        stdin.pause();
        this.source.prompt('\n');
        if (error) reject(error);
        else resolve(value);
      };
      const onData = (chunk: Buffer | string) => {
        for (const ch of String(chunk)) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003') return done(new UsageError('cancelled'));
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.setRawMode?.(true);
      stdin.on('data', onData);
      stdin.resume();
    });
  }
}

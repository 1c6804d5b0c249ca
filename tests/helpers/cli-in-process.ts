import { runCli } from '../../src-main/cli/main';
import type { CliIO } from '../../src-main/cli/command';

/**
 * Runs one `pulse` invocation in this process (the same runCli the real binary runs, without the
 * ~1 s start of a new Node process), capturing what it prints. For checks of many argument
 * values; the real process is used where the process itself matters (exit, stdin, crashes).
 */
export async function pulseInProcess(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTTY: false,
    env: { ...process.env, ...env },
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PULSE_BIN = path.join(REPO_ROOT, 'bin', 'pulse.mjs');

export interface RunningPulse {
  child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the real `pulse` CLI in a child process (same Node as the test runner) and resolves once
 * a line matches `ready`, returning the match. Used for `pulse web` and `pulse sandbox`.
 */
export async function startPulse(
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<{ proc: RunningPulse; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, [PULSE_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const proc: RunningPulse = {
    child,
    output: () => out,
    stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`pulse ${args.join(' ')} did not become ready:\n${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pulse ${args.join(' ')} exited with ${code} before it was ready:\n${out}`));
    });
  });
  return { proc, match };
}

/** Runs `pulse …` to completion and returns its exit code and output; `input` goes to its standard input. */
export function runPulse(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  opts: { input?: string; uid?: number; gid?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PULSE_BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      uid: opts.uid,
      gid: opts.gid,
    });
    child.stdin.end(opts.input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

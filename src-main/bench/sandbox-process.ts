import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../cli/paths';
import { controlCall } from '../sandbox/index';

export interface SandboxProcess {
  baseUrl: string;
  credentials: { client_id: string; client_secret: string; refresh_token: string; control_secret: string };
  /** GET/POST on the control API (/__sandbox/…). */
  control<T = unknown>(method: string, route: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * `pulse sandbox` in its own process: Zoho is a remote server, so the sandbox must not share the
 * event loop (and CPU time) of the client being measured.
 */
export async function startSandboxProcess(args: string[]): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(PACKAGE_ROOT, 'bin', 'pulse.mjs'), 'sandbox', '--print-credentials', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const creds = await new Promise<{ baseUrl: string; credentials: SandboxProcess['credentials'] }>(
    (resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pulse sandbox did not start:\n${out}`)), 120_000);
      child.stdout!.on('data', (c) => {
        out += c;
        const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
        const json = /^(\{.*"refresh_token".*\})$/m.exec(out);
        if (url && json) {
          clearTimeout(timer);
          resolve({ baseUrl: url[1], credentials: JSON.parse(json[1]) });
        }
      });
      child.stderr!.on('data', (c) => (out += c));
      child.once('exit', (code) => reject(new Error(`pulse sandbox exited (${code}):\n${out}`)));
    },
  );
  return {
    ...creds,
    async control<T>(method: string, route: string, body?: unknown): Promise<T> {
      return (await controlCall<T>(creds.baseUrl, creds.credentials.control_secret, method, route, body)).body;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

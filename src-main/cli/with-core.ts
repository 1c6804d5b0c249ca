import { createCore, type Core } from '../core/core';
import type { CoreOptions } from '../core/core-context';
import { resolveDataDir } from '../core/data-dir';
import { pageSizeFromEnv } from '../core/sync/sync-service';
import type { CliIO } from './command';
import { workspaceFromArg } from './workspace-arg';

/**
 * Runs a `pulse` command's work on a core: the same createCore and lifecycle as the app (host
 * 'cli': no background sync, no automatic push), on the profile's data folder (--data-dir,
 * PULSE_DATA_DIR, or the desktop app's), with the ZOHO_* variables as the connection when none is
 * saved; `workspace` (--workspace NAME) picks the demo's or an imported workspace of the profile.
 * The core is started before the work and closed (awaited) after it, whatever happens.
 */
export async function withCore<T>(
  io: CliIO,
  dataDirFlag: string | undefined,
  work: (core: Core) => Promise<T>,
  { workspace, ...options }: Pick<CoreOptions, 'connection' | 'o2r'> & { workspace?: string } = {},
): Promise<T> {
  const profileDir = resolveDataDir(dataDirFlag, io.env);
  const ws = workspaceFromArg(profileDir, workspace);
  const core = createCore({
    ...options,
    dataDir: ws.dataDir,
    profileDir,
    workspaceInfo: ws.workspace,
    demo: ws.demo,
    host: 'cli',
    environment: io.env,
    sync: { engine: { pageSize: pageSizeFromEnv(io.env) } },
  });
  try {
    core.start();
    return await work(core);
  } finally {
    await core.close();
  }
}

import os from 'node:os';
import path from 'node:path';

/**
 * Where a profile's data lives: --data-dir, else PULSE_DATA_DIR, else the same folder Electron
 * uses as userData for an app named "Pipeline Pulse", so `pulse` and the desktop app share one
 * profile (and one sync lease) by default.
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.PULSE_DATA_DIR) return path.resolve(env.PULSE_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Pipeline Pulse');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Pipeline Pulse');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Pipeline Pulse');
  }
}

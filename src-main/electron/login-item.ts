/**
 * "Start at login" (a setting, off by default): macOS and Windows keep login items through
 * app.setLoginItemSettings; Linux desktops read an XDG autostart entry. Either way the app starts
 * with `--hidden`, straight into the tray. Free of `electron` imports.
 */
import path from 'node:path';

export const HIDDEN_FLAG = '--hidden';
export const AUTOSTART_FILE = 'pipeline-pulse.desktop';

/** What to pass to app.setLoginItemSettings (macOS, Windows). */
export function loginItemSettings(startAtLogin: boolean): { openAtLogin: boolean; args: string[] } {
  return { openAtLogin: startAtLogin, args: startAtLogin ? [HIDDEN_FLAG] : [] };
}

/** Where the Linux autostart entry goes (XDG Base Directory: $XDG_CONFIG_HOME/autostart). */
export function autostartPath(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'autostart', AUTOSTART_FILE);
}

/**
 * The Linux autostart entry. An AppImage runs from a temporary mount, so the entry names the
 * AppImage file itself ($APPIMAGE) rather than the executable inside it.
 */
export function autostartEntry(execPath: string, env: NodeJS.ProcessEnv): string {
  const exec = env.APPIMAGE || execPath;
  const quoted = `"${exec.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Pipeline Pulse',
    'Comment=Keeps your Zoho CRM pipeline in sync in the background',
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

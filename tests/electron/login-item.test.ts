import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/contract/schemas';
import { autostartEntry, autostartPath, loginItemSettings } from '../../src-main/electron/login-item';

describe('start at login', () => {
  it('is off by default', () => {
    expect(DEFAULT_SETTINGS.startAtLogin).toBe(false);
  });

  it('macOS / Windows: a login item that starts the app hidden in the tray, or none', () => {
    expect(loginItemSettings(true)).toEqual({ openAtLogin: true, args: ['--hidden'] });
    expect(loginItemSettings(false)).toEqual({ openAtLogin: false, args: [] });
  });

  it('Linux: an XDG autostart entry that runs the AppImage itself (not its temporary mount), hidden', () => {
    expect(autostartPath({}, '/home/ana')).toBe('/home/ana/.config/autostart/pipeline-pulse.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe('/cfg/autostart/pipeline-pulse.desktop');
    const appImage = autostartEntry('/tmp/.mount_PipeliXYZ/pipeline-pulse', {
      APPIMAGE: '/home/ana/Apps/Pipeline Pulse.AppImage',
    });
    expect(appImage).toContain('Exec="/home/ana/Apps/Pipeline Pulse.AppImage" --hidden\n');
    expect(appImage.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
    expect(autostartEntry('/opt/Pipeline Pulse/pipeline-pulse', {})).toContain(
      'Exec="/opt/Pipeline Pulse/pipeline-pulse" --hidden',
    );
    expect(autostartEntry('/opt/a"b$c/pp', {})).toContain('Exec="/opt/a\\"b\\$c/pp" --hidden');
  });
});

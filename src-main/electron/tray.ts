import path from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayView } from './tray-controller';
import type { TrayAction, TrayModel } from './tray-model';

/**
 * The tray icon as Electron draws it: image, tooltip and menu straight from the TrayModel (the
 * decisions are in tray-model.ts). Icons come from `iconDir` (resources/tray in development, the
 * packaged app's resources/tray otherwise); Electron picks the @2x file on high-density screens.
 * Linux desktops often show no tooltip, so the menu's first line repeats it.
 */
export class AppTray implements TrayView {
  private readonly tray: Tray;
  private shown: string | null = null;

  constructor(
    private readonly iconDir: string,
    private readonly act: (action: TrayAction) => void,
  ) {
    this.tray = new Tray(nativeImage.createEmpty());
    this.tray.setIgnoreDoubleClickEvents(true);
    // Windows and most Linux panels: a click opens the app; the menu is on the right click.
    this.tray.on('click', () => this.act('open'));
  }

  render(model: TrayModel): void {
    if (this.shown !== model.icon) {
      this.tray.setImage(nativeImage.createFromPath(path.join(this.iconDir, model.icon)));
      this.shown = model.icon;
    }
    this.tray.setToolTip(model.tooltip);
    const template: MenuItemConstructorOptions[] = model.menu.map((item) => {
      if (item.type === 'separator') return { type: 'separator' };
      if (item.type === 'status') return { label: item.label, enabled: false };
      return { label: item.label, enabled: item.enabled, click: () => this.act(item.action) };
    });
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    this.tray.destroy();
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { minimatch } from 'minimatch';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/pulse-process';

// `npm test` runs `npm run build` (electron-vite) before the vitest step, so out/ is fresh here.
// electron-builder itself cannot run here (it downloads Electron); its config is checked instead.
const read = (f: string) => fs.readFileSync(path.join(REPO_ROOT, f), 'utf8');
const config = parse(read('electron-builder.yml'));
const pkg = JSON.parse(read('package.json'));
const mainBundle = read('out/main/index.js');

describe('build output and packaging config', () => {
  it('electron-vite produced the main, preload and renderer bundles', () => {
    for (const f of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(fs.existsSync(path.join(REPO_ROOT, f)), f).toBe(true);
    }
    const preload = read('out/preload/index.cjs');
    // A sandboxed preload must be CommonJS and expose only the bridge.
    expect(preload).toMatch(/require\(["']electron["']\)/);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('is valid for electron-builder: its own JSON schema accepts every field', () => {
    const schema = createRequire(import.meta.url)('app-builder-lib/scheme.json');
    const ajv = new Ajv({ allErrors: true, strict: false });
    const valid = ajv.validate(schema, config);
    expect(valid ? [] : ajv.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`)).toEqual([]);
  });

  it('packages the build for Linux (AppImage, deb), macOS (dmg, hardened, notarised) and Windows (nsis)', () => {
    expect(config.appId).toBe('io.pipelinepulse.desktop');
    expect(config.productName).toBe('Pipeline Pulse');
    expect(config.files).toContain('out/**');
    expect(config.extraMetadata.main).toBe(pkg.main);
    expect(fs.existsSync(path.join(REPO_ROOT, config.extraMetadata.main))).toBe(true);
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.deb.recommends).toContain('libappindicator3-1'); // the tray on AppIndicator desktops
    expect(config.mac.target).toContain('dmg');
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    // Notarisation credentials only ever come from the environment.
    expect(read('electron-builder.yml')).not.toMatch(/APPLE_(ID|API_KEY|APP_SPECIFIC_PASSWORD)\s*[:=]\s*\S/);
    const entitlements = read(config.mac.entitlements);
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(entitlements).not.toContain('allow-unsigned-executable-memory'); // not needed since Electron 12
    expect(config.win.target).toContain('nsis');
  });

  it("packs only the font faces the review PDF embeds, not the font packages' other ~100 MB", () => {
    // electron-builder packs a production dependency's files unless a `!` pattern of `files` drops them.
    const dropped = (config.files as string[]).filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    const root = path.join(REPO_ROOT, 'node_modules/@expo-google-fonts');
    const all = (fs.readdirSync(root, { recursive: true }) as string[]).map((f) =>
      path.posix.join('node_modules/@expo-google-fonts', f.split(path.sep).join('/')),
    );
    const packed = all.filter((f) => f.endsWith('.ttf') && !dropped.some((p) => minimatch(f, p, { dot: true })));
    const used = ['noto-sans', 'noto-sans-sc', 'noto-sans-thai'].flatMap((family) =>
      ['400Regular', '700Bold'].map((style) => {
        const base = family
          .split('-')
          .map((w) => w[0].toUpperCase() + w.slice(1))
          .join('')
          .replace('Sc', 'SC');
        return `node_modules/@expo-google-fonts/${family}/${style}/${base}_${style}.ttf`;
      }),
    );
    expect(packed.sort()).toEqual(used.sort());
    for (const f of used) expect(fs.existsSync(path.join(REPO_ROOT, f)), f).toBe(true);
  });

  it('ships every icon it names: app icons in all sizes and the tray variants', () => {
    expect(fs.existsSync(path.join(REPO_ROOT, config.directories.buildResources))).toBe(true);
    for (const icon of [config.mac.icon, config.win.icon])
      expect(fs.existsSync(path.join(REPO_ROOT, icon)), icon).toBe(true);
    const linuxIcons = fs.readdirSync(path.join(REPO_ROOT, config.linux.icon));
    expect(linuxIcons).toEqual(expect.arrayContaining(['16x16.png', '32x32.png', '256x256.png', '512x512.png']));
    const extra = config.extraResources.map((r: { from: string; to: string }) => r.to);
    expect(extra).toEqual(expect.arrayContaining(['tray', 'icons']));
  });

  it('sets the fuses: no run-as-node, encrypted cookies, the app only from an integrity-checked asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks the native modules from the asar, and the main bundle loads them by package name', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/@napi-rs/keyring*/**']),
    );
    expect(config.npmRebuild).toBe(false); // Node-API binaries: no rebuild against Electron
    // Bundled code must reach them through node_modules (external), where asarUnpack puts them.
    expect(mainBundle).toMatch(/^import Database from "better-sqlite3";$/m);
    expect(mainBundle).toMatch(/createRequire\(import\.meta\.url\)\("@napi-rs\/keyring"\)/);
    expect(mainBundle).not.toMatch(/\.node["']\)/); // no binary path baked into the bundle
    const unpacked = (p: string) =>
      config.asarUnpack.some((glob: string) =>
        new RegExp(
          `^${glob
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*\*/g, '.*')
            .replace(/(?<!\.)\*/g, '[^/]*')}$`,
        ).test(p),
      );
    // Each binary the modules load on this platform is covered by an asarUnpack glob.
    const binaries = [
      ...fs
        .readdirSync(path.join(REPO_ROOT, 'node_modules/better-sqlite3/prebuilds'))
        .map((f) => `node_modules/better-sqlite3/prebuilds/${f}`),
      ...fs
        .readdirSync(path.join(REPO_ROOT, 'node_modules/@napi-rs'))
        .filter((d) => d.startsWith('keyring-'))
        .flatMap((d) =>
          fs
            .readdirSync(path.join(REPO_ROOT, 'node_modules/@napi-rs', d))
            .filter((f) => f.endsWith('.node'))
            .map((f) => `node_modules/@napi-rs/${d}/${f}`),
        ),
    ];
    expect(binaries.length).toBeGreaterThanOrEqual(2);
    for (const b of binaries) expect(unpacked(b), b).toBe(true);
    // Every platform package @napi-rs/keyring can load is one the glob covers.
    const keyringPlatforms = Object.keys(
      JSON.parse(read('node_modules/@napi-rs/keyring/package.json')).optionalDependencies ?? {},
    );
    for (const name of keyringPlatforms) expect(unpacked(`node_modules/${name}/keyring.node`), name).toBe(true);
  });
});

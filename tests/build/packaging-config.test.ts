import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/pulse-process';

// `npm test` runs `npm run build` (electron-vite) before the vitest step, so out/ is fresh here.
describe('build output and packaging config', () => {
  it('electron-vite produced the main, preload and renderer bundles', () => {
    for (const f of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(fs.existsSync(path.join(REPO_ROOT, f)), f).toBe(true);
    }
    const preload = fs.readFileSync(path.join(REPO_ROOT, 'out/preload/index.cjs'), 'utf8');
    // A sandboxed preload must be CommonJS and expose only the bridge.
    expect(preload).toMatch(/require\(["']electron["']\)/);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('electron-builder.yml is valid YAML that packages the build output with hardened fuses', () => {
    const config = parse(fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8'));
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(config.files).toContain('out/**');
    expect(config.extraMetadata.main).toBe(pkg.main);
    expect(fs.existsSync(path.join(REPO_ROOT, config.extraMetadata.main))).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/@napi-rs/keyring*/**']),
    );
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
    });
    expect(fs.existsSync(path.join(REPO_ROOT, config.directories.buildResources))).toBe(true);
  });
});

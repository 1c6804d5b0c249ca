#!/usr/bin/env node
// `npm start`: build, then run the desktop app. Where the Electron runtime cannot start (its
// binary was not downloaded, as on machines without access to GitHub, or there is no display),
// say so in one line and serve the same app through the browser host instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('The build failed (see above).');
  process.exit(1);
}

/**
 * Electron downloads its binary on first use. Try that quietly (users' machines can), and give a
 * one-line reason when the runtime still cannot start.
 */
function electronUnavailableReason() {
  const dir = path.join(root, 'node_modules', 'electron');
  const binaryPath = () => {
    const pathFile = path.join(dir, 'path.txt');
    return fs.existsSync(pathFile) ? path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8')) : null;
  };
  if (!fs.existsSync(dir)) return 'the electron package is not installed';
  if (!binaryPath() || !fs.existsSync(binaryPath())) {
    const download = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
      cwd: dir,
      stdio: 'pipe',
      timeout: 180_000,
    });
    if (download.status !== 0 || !binaryPath() || !fs.existsSync(binaryPath()))
      return 'its binary could not be downloaded';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'there is no display';
  return null;
}

const reason = electronUnavailableReason();
const run = (cmd, args) => {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
};

if (reason) {
  console.log(`Electron cannot start here (${reason}); serving Pipeline Pulse in your browser instead.`);
  run(process.execPath, [path.join(root, 'bin', 'pulse.mjs'), 'web', ...process.argv.slice(2)]);
} else {
  run(bin('electron-vite'), ['preview']);
}

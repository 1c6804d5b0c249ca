#!/usr/bin/env node
// `npm test`: every check the project has, in one run, ending with one line
// "N passed, N failed, N skipped" over all of them.
//
//   1. typecheck (tsc + svelte-check)         — counted as one check
//   2. lint (ESLint, incl. the layer rules)   — one check
//   3. build (electron-vite: main, preload, renderer; the e2e tests serve this build) — one check
//   4. vitest: unit, integration (sandbox over HTTP, real SQLite), keychain (real gnome-keyring in
//      a private D-Bus session) and end-to-end (Debian's Chromium via playwright-core) tests.
//
// Every step runs even when an earlier one fails, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, 'test-output');
fs.mkdirSync(outDir, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const extraArgs = process.argv.slice(2); // e.g. a file filter for vitest

let passed = 0;
let failed = 0;
let skipped = 0;

function step(label, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function check(label, command, args) {
  if (step(label, command, args)) passed++;
  else failed++;
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (!extraArgs.length) {
  check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
  check('lint', 'npm', ['run', '--silent', 'lint']);
}
check('build', 'npm', ['run', '--silent', 'build']);

// The keychain tests need a Secret Service. On Linux without a desktop session (CI, SSH) we start
// a private D-Bus session with an unlocked gnome-keyring, in a throwaway XDG_DATA_HOME so no real
// keyring is touched. Elsewhere the OS keychain is used as it is.
const report = path.join(outDir, 'vitest.json');
fs.rmSync(report, { force: true });
const vitest = [
  bin('vitest'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extraArgs,
];
const useDbus =
  process.platform === 'linux' &&
  !process.env.DBUS_SESSION_BUS_ADDRESS &&
  has('dbus-run-session') &&
  has('gnome-keyring-daemon');
if (useDbus) {
  const keyringHome = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-keyring-'));
  const quoted = vitest.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  step(
    'tests (vitest, inside a D-Bus session with gnome-keyring)',
    'dbus-run-session',
    [
      '--',
      'sh',
      '-c',
      `echo -n pulse-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && PULSE_KEYRING_AVAILABLE=1 exec ${quoted}`,
    ],
    { env: { ...process.env, XDG_DATA_HOME: keyringHome } },
  );
} else {
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
    console.log(
      '  (no dbus-run-session/gnome-keyring here: keychain tests will be skipped; `bash .ci/run` installs them)',
    );
  }
  step('tests (vitest)', vitest[0], vitest.slice(1), {
    env: {
      ...process.env,
      PULSE_KEYRING_AVAILABLE: process.env.DBUS_SESSION_BUS_ADDRESS || process.platform !== 'linux' ? '1' : '',
    },
  });
}

if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A test file that failed to load has no tests in the counts: count it as a failure.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} else {
  console.log('✘ vitest wrote no report');
  failed++;
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);

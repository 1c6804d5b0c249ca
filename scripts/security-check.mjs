#!/usr/bin/env node
// `npm run security` (and tests/security/electronegativity.test.ts, so `npm test` and CI): Electron's
// security checklist, checked by @doyensec/electronegativity over what the desktop app is made of —
// src-main/electron (the main process), src-preload and the renderer's index.html.
//
// It fails on:
//   - any HIGH finding;
//   - a MEDIUM finding nobody reviewed: each reviewed one is listed below, per check and file, with
//     why it is safe and how many there may be (a new openExternal call needs a new review);
//   - a file the scanner could not parse (a file it did not check).
// LOW and informational findings are printed. The check of available Electron security releases is
// left out: it downloads Electron's release list from GitHub, which CI machines cannot reach, and
// the Electron version is pinned by package-lock.json anyway.
//
//   node scripts/security-check.mjs [--input DIR]   (DIR: scan that folder instead, e.g. a fixture)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(path.join(root, 'package.json'));

/** What the scan covers, relative to the repository. */
export const SCANNED = ['src-main/electron', 'src-preload', 'src-renderer/index.html'];

/** MEDIUM findings that were looked at, and why they are fine. */
export const REVIEWED = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'src-main/electron/security.ts',
    count: 2,
    why: 'Only URLs navigation-guard.ts accepted (https, Zoho hosts, no credentials or port) reach shell.openExternal.',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'src-main/electron/main.ts',
    count: 1,
    why: 'The Zoho sign-in page, after sign-in-url.ts checked it is Zoho’s authorize URL (or a local sandbox).',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'src-main/electron/window-options.ts',
    count: 1,
    why: 'src-preload exposes exactly call() and onEvent() on the two contract channels; main validates both.',
  },
];

export function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
}

/** Copies what the app is made of into one folder, so the global checks see all of it together. */
export function stageSources() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-security-'));
  for (const rel of SCANNED) fs.cpSync(path.join(root, rel), path.join(dir, rel), { recursive: true });
  return dir;
}

/** Runs electronegativity over `input`; findings carry paths relative to it. */
export async function scan(input) {
  const run = require('@doyensec/electronegativity');
  const quiet = console.log;
  console.log = () => {}; // it prints a line when its translation download fails (no network)
  let result;
  try {
    result = await run(
      {
        input,
        electronVersionOverride: electronVersion(),
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
        isRelative: true,
      },
      false,
    );
  } finally {
    console.log = quiet;
  }
  const rel = (f) =>
    f && f !== 'N/A' ? path.relative(input, path.resolve(input, f)).split(path.sep).join('/') : 'N/A';
  return {
    findings: result.issues.map((i) => ({
      check: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: rel(i.file),
      line: i.location?.line ?? 0,
      description: i.description,
      reviewRequired: Boolean(i.manualReview),
    })),
    errors: result.errors.map((e) => ({ file: rel(e.file), message: e.message, tolerable: e.tolerable })),
  };
}

/** Which findings fail the check. */
export function judge({ findings, errors }, reviewed = REVIEWED) {
  const failures = [];
  for (const f of findings.filter((x) => x.severity === 'HIGH')) failures.push({ ...f, why: 'HIGH finding' });
  const medium = findings.filter((x) => x.severity === 'MEDIUM');
  const groups = new Map();
  for (const f of medium) groups.set(`${f.check} ${f.file}`, [...(groups.get(`${f.check} ${f.file}`) ?? []), f]);
  for (const [key, list] of groups) {
    const review = reviewed.find((r) => `${r.check} ${r.file}` === key);
    if (!review) for (const f of list) failures.push({ ...f, why: 'MEDIUM finding nobody reviewed' });
    else if (list.length > review.count)
      failures.push({ ...list[0], why: `${list.length} findings, ${review.count} reviewed: review the new one` });
  }
  for (const e of errors.filter((x) => !x.tolerable))
    failures.push({ check: 'PARSE_ERROR', severity: 'ERROR', file: e.file, line: 0, why: e.message });
  return failures;
}

async function main() {
  const i = process.argv.indexOf('--input');
  const input = i > 0 ? path.resolve(process.argv[i + 1]) : stageSources();
  const result = await scan(input);
  if (i < 0) fs.rmSync(input, { recursive: true, force: true });
  const failures = judge(result);
  for (const f of result.findings) console.log(`${f.severity.padEnd(13)} ${f.check.padEnd(40)} ${f.file}:${f.line}`);
  if (failures.length) {
    console.log(`\n✘ Electron security check: ${failures.length} problem(s):`);
    for (const f of failures) console.log(`  ${f.check} at ${f.file}:${f.line}: ${f.why}`);
    process.exit(1);
  }
  console.log(
    `\n✔ Electron security check: no HIGH finding, every MEDIUM one reviewed (${result.findings.length} findings).`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

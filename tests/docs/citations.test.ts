import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/pulse-process';

/** Tracked source and docs files (what a newcomer reads), without the vendored Zoho OpenAPI files. */
function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|svelte|mjs|js|md)$/.test(f) && !f.startsWith('tests/fixtures/'))
    .filter((f) => fs.existsSync(path.join(REPO_ROOT, f)));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces → hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const line of markdown.split('\n')) {
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (m)
      out.add(
        m[1]
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s-]/gu, '')
          .replace(/\s/g, '-'),
      );
  }
  return out;
}

describe('the repository explains itself', () => {
  const files = sourceFiles();

  it('no file cites a guide outside the repository', () => {
    const offenders = files.filter((f) =>
      /GUIDE(\.md)?\s*§|GUIDE\.md/.test(fs.readFileSync(path.join(REPO_ROOT, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('every repository path the docs and comments name exists (src-…, tests/, scripts/)', () => {
    const missing: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(REPO_ROOT, f), 'utf8');
      for (const m of text.matchAll(/`((?:src-main|src-shared|src-renderer|src-preload|tests|scripts)\/[\w./-]+?)`/g)) {
        const p = m[1].replace(/[.,:;]+$/, '');
        if (!/[*<{]|NNN/.test(p) && !fs.existsSync(path.join(REPO_ROOT, p))) missing.push(`${f}: ${p}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every docs/ page and section that code cites exists', () => {
    const broken: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(REPO_ROOT, f), 'utf8');
      for (const m of text.matchAll(/docs\/([\w-]+\.md)(#[\w-]+)?/g)) {
        const page = path.join(REPO_ROOT, 'docs', m[1]);
        if (!fs.existsSync(page)) broken.push(`${f}: ${m[0]} (no such page)`);
        else if (m[2] && !anchors(fs.readFileSync(page, 'utf8')).has(m[2].slice(1)))
          broken.push(`${f}: ${m[0]} (no such section)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

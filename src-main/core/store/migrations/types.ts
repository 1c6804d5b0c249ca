import type { Database } from 'better-sqlite3';

/**
 * One forward-only schema step. Files are numbered (001-…, 002-…) and listed in index.ts so they
 * are compiled into the bundle rather than read from disk at run time.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

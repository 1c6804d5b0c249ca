import type { Database } from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type InferResult,
} from 'kysely';
import type { DB } from './schema';

/**
 * Kysely as a query builder only (ARCHITECTURE.md, "The store"): a query whose WHERE or ORDER BY
 * is assembled from a caller's arguments is built here — every value bound, every column checked
 * against schema.ts — then compiled and run synchronously on the one better-sqlite3 connection,
 * like every other statement. Nothing here ever touches a database.
 */
export const sqlBuilder = new Kysely<DB>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/** Runs a built query on the connection; its rows are typed from the query. */
export function allRows<Q extends Compilable<unknown>>(sqlite: Database, query: Q): InferResult<Q> {
  const compiled = query.compile();
  return sqlite.prepare(compiled.sql).all(...compiled.parameters) as InferResult<Q>;
}

/** A table, index or trigger name as an SQL identifier (for statements made from sqlite_schema's names). */
export const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The subset of COQL Pipeline Pulse uses: `select <fields> from Deals where <criteria>
 * [order by f [asc|desc], …] [limit N [offset M] | limit M, N]`.
 * Criteria: and / or / parentheses; = != < > <= >=, [not] in (…), [not] like '%x%',
 * is [not] null, [not] between a and b. WHERE is required (older Zoho versions reject queries
 * without it; requiring it keeps the client valid everywhere). As in Zoho, one pair of
 * parentheses holds at most one and/or: more than two criteria must be bracketed in pairs,
 * `(A and B) and C`; `A and B and C` is a SYNTAX_ERROR. Up to 500 columns may be selected.
 * Lookups come back as `{"id": "…"}`; a dotted column such as `Account_Name.Account_Name` or
 * `Owner.email` comes back as a flat key with that dotted name.
 */
import { OWNERS } from './catalog';
import type { Crm } from './crm';
import { json, parseJsonBody, zohoError, type Reply, type Req } from './http';
import { DEAL_FIELD_BY_API, type FieldDef } from './metadata';
import type { Entry } from './store';
import { parseDateTime } from './time';

export const COQL_MAX_LIMIT = 2000;
export const COQL_MAX_OFFSET = 100_000;
export const COQL_MAX_COLUMNS = 500;

type Tok = { t: 'word' | 'str' | 'num' | 'op' | 'punc'; v: string; pos: number };

class CoqlError extends Error {
  constructor(readonly reply: Reply) {
    super('coql');
  }
}

const syntax = (near: string, pos: number) =>
  new CoqlError(
    zohoError(400, 'SYNTAX_ERROR', `error occured while parsing the query near ${near || 'end of query'}`, {
      line: 1,
      column: pos + 1,
      near: near || '',
    }),
  );
const invalidColumn = (column: string, clause: string) =>
  new CoqlError(zohoError(400, 'INVALID_QUERY', 'column given seems to be invalid', { column_name: column, clause }));

function tokenize(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= q.length) throw syntax(q.slice(i, i + 20), i);
        if (q[j] === '\\' && j + 1 < q.length) {
          s += q[j + 1];
          j += 2;
          continue;
        }
        if (q[j] === "'") {
          if (q[j + 1] === "'") {
            s += "'";
            j += 2;
            continue;
          }
          break;
        }
        s += q[j++];
      }
      out.push({ t: 'str', v: s, pos: i });
      i = j + 1;
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(q.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[1] === '<>' ? '!=' : op[1], pos: i });
      i += op[1].length;
      continue;
    }
    if ('(),'.includes(c)) {
      out.push({ t: 'punc', v: c, pos: i });
      i++;
      continue;
    }
    const num = /^-?\d+(\.\d+)?(?![\w.])/.exec(q.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const word = /^[!$A-Za-z_][\w.$]*/.exec(q.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    throw syntax(q.slice(i, i + 20), i);
  }
  return out;
}

type Value = string | number | boolean | null;
type Cond =
  | { k: 'and' | 'or'; a: Cond; b: Cond }
  | { k: 'cmp'; field: string; op: string; value: Value }
  | { k: 'in'; field: string; not: boolean; values: Value[] }
  | { k: 'like'; field: string; not: boolean; pattern: string }
  | { k: 'null'; field: string; not: boolean }
  | { k: 'between'; field: string; not: boolean; lo: Value; hi: Value };

interface Query {
  fields: string[];
  where: Cond;
  order: { field: string; desc: boolean }[];
  limit: number;
  offset: number;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isWord(v: string, at = 0): boolean {
    const t = this.toks[this.i + at];
    return t?.t === 'word' && t.v.toLowerCase() === v;
  }
  private fail(): never {
    const t = this.peek();
    throw syntax(t?.v ?? '', t?.pos ?? 0);
  }
  private expectWord(v: string): void {
    if (!this.isWord(v)) this.fail();
    this.i++;
  }
  private expectPunc(v: string): void {
    const t = this.peek();
    if (t?.t !== 'punc' || t.v !== v) this.fail();
    this.i++;
  }
  private field(): string {
    const t = this.peek();
    if (t?.t !== 'word') this.fail();
    this.i++;
    return t.v;
  }
  private value(): Value {
    const t = this.peek();
    if (!t) this.fail();
    this.i++;
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'word' && /^(true|false)$/i.test(t.v)) return t.v.toLowerCase() === 'true';
    if (t.t === 'word' && /^null$/i.test(t.v)) return null;
    this.i--;
    return this.fail();
  }
  private intValue(): number {
    const t = this.peek();
    if (t?.t !== 'num' || !/^\d+$/.test(t.v)) this.fail();
    this.i++;
    return Number(t.v);
  }

  parse(): Query & { module: string; hasWhere: boolean } {
    this.expectWord('select');
    const fields = [this.field()];
    while (this.peek()?.v === ',') {
      this.i++;
      fields.push(this.field());
    }
    this.expectWord('from');
    const module = this.field();
    let where: Cond | null = null;
    if (this.isWord('where')) {
      this.i++;
      where = this.expr();
    }
    const order: Query['order'] = [];
    if (this.isWord('order')) {
      this.i++;
      this.expectWord('by');
      do {
        if (order.length) this.i++;
        const f = this.field();
        let desc = false;
        if (this.isWord('asc')) this.i++;
        else if (this.isWord('desc')) {
          this.i++;
          desc = true;
        }
        order.push({ field: f, desc });
      } while (this.peek()?.v === ',');
    }
    let limit = 200;
    let offset = 0;
    if (this.isWord('limit')) {
      this.i++;
      const a = this.intValue();
      if (this.peek()?.v === ',') {
        this.i++;
        offset = a;
        limit = this.intValue();
      } else limit = a;
    }
    if (this.isWord('offset')) {
      this.i++;
      offset = this.intValue();
    }
    if (this.peek()) this.fail();
    return {
      fields,
      module,
      where: where ?? { k: 'null', field: 'id', not: true },
      order,
      limit,
      offset,
      hasWhere: where !== null,
    };
  }

  /** `factor [(and|or) factor]`: a third criterion at the same level needs its own brackets. */
  private expr(): Cond {
    const left = this.factor();
    const op = this.peek();
    if (!this.isWord('and') && !this.isWord('or')) return left;
    this.i++;
    const right = this.factor();
    if (this.isWord('and') || this.isWord('or')) this.fail();
    return { k: op!.v.toLowerCase() as 'and' | 'or', a: left, b: right };
  }
  private factor(): Cond {
    if (this.peek()?.v === '(') {
      this.i++;
      const c = this.expr();
      this.expectPunc(')');
      return c;
    }
    const field = this.field();
    const t = this.peek();
    if (t?.t === 'op') {
      this.i++;
      return { k: 'cmp', field, op: t.v, value: this.value() };
    }
    let not = false;
    if (this.isWord('is')) {
      this.i++;
      if (this.isWord('not')) {
        this.i++;
        not = true;
      }
      this.expectWord('null');
      return { k: 'null', field, not };
    }
    if (this.isWord('not')) {
      this.i++;
      not = true;
    }
    if (this.isWord('in')) {
      this.i++;
      this.expectPunc('(');
      const values = [this.value()];
      while (this.peek()?.v === ',') {
        this.i++;
        values.push(this.value());
      }
      this.expectPunc(')');
      return { k: 'in', field, not, values };
    }
    if (this.isWord('like')) {
      this.i++;
      const p = this.value();
      if (typeof p !== 'string') this.fail();
      return { k: 'like', field, not, pattern: p };
    }
    if (this.isWord('between')) {
      this.i++;
      const lo = this.value();
      this.expectWord('and');
      return { k: 'between', field, not, lo, hi: this.value() };
    }
    return this.fail();
  }
}

/** The dotted sub-fields each lookup answers (COQL and Bulk Read alike). */
export const LOOKUP_SUBFIELDS: Record<string, string[]> = {
  Account_Name: ['id', 'Account_Name'],
  Contact_Name: ['id', 'Full_Name'],
  Owner: ['id', 'email', 'first_name', 'last_name', 'full_name'],
  Created_By: ['id', 'email', 'first_name', 'last_name', 'full_name'],
  Modified_By: ['id', 'email', 'first_name', 'last_name', 'full_name'],
};

function checkColumn(name: string, clause: string): void {
  if (name === 'id') return;
  const [base, sub, ...rest] = name.split('.');
  const def = DEAL_FIELD_BY_API.get(base);
  if (!def || rest.length > 0) throw invalidColumn(name, clause);
  if (sub !== undefined && !LOOKUP_SUBFIELDS[base]?.includes(sub)) throw invalidColumn(name, clause);
}

/** The comparable value of a (possibly dotted) column of a record (also a Bulk Read CSV cell). */
export function columnValue(rec: Record<string, unknown>, name: string): unknown {
  const [base, sub] = name.split('.');
  const v = rec[base];
  const def: FieldDef | undefined = DEAL_FIELD_BY_API.get(base);
  if (v === null || v === undefined) return null;
  const isLookup = def?.type === 'lookup' || def?.type === 'ownerlookup';
  if (!isLookup) return v;
  const ref = v as { id: string; name: string; email?: string };
  if (sub === undefined || sub === 'id') return ref.id;
  if (sub === 'email') return ref.email ?? OWNERS.find((o) => o.id === ref.id)?.email ?? null;
  const owner = OWNERS.find((o) => o.id === ref.id);
  if (sub === 'first_name') return owner?.first ?? null;
  if (sub === 'last_name') return owner?.last ?? null;
  return ref.name;
}

function isTimeField(name: string): boolean {
  return DEAL_FIELD_BY_API.get(name.split('.')[0])?.type === 'datetime';
}

function compare(a: unknown, b: Value, field: string): number | null {
  if (a === null || a === undefined || b === null) return null;
  if (isTimeField(field) && typeof a === 'string' && typeof b === 'string') {
    const x = parseDateTime(a);
    const y = parseDateTime(b);
    return Number.isNaN(y) ? null : x - y;
  }
  if (typeof a === 'number') {
    const y = typeof b === 'number' ? b : Number(b);
    return Number.isNaN(y) ? null : a - y;
  }
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The first index that can match `id > x` / `id >= x` among the top-level AND terms (0 if none). */
function idLowerBound(list: readonly Entry[], where: Cond): number {
  let bound = 0;
  const visit = (c: Cond): void => {
    if (c.k === 'and') return (visit(c.a), visit(c.b));
    if (c.k !== 'cmp' || c.field !== 'id' || (c.op !== '>' && c.op !== '>=') || c.value === null) return;
    const x = String(c.value);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const id = list[mid].rec.id;
      if (id < x || (c.op === '>' && id === x)) lo = mid + 1;
      else hi = mid;
    }
    bound = Math.max(bound, lo);
  };
  visit(where);
  return bound;
}

function likeToRegex(p: string): RegExp {
  const body = p
    .split('%')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

function evaluate(c: Cond, rec: Record<string, unknown>): boolean {
  switch (c.k) {
    case 'and':
      return evaluate(c.a, rec) && evaluate(c.b, rec);
    case 'or':
      return evaluate(c.a, rec) || evaluate(c.b, rec);
    case 'null': {
      const v = columnValue(rec, c.field);
      const empty = v === null || v === '' || (Array.isArray(v) && v.length === 0);
      return c.not ? !empty : empty;
    }
    case 'cmp': {
      const v = columnValue(rec, c.field);
      if (Array.isArray(v)) {
        const has = v.includes(c.value);
        return c.op === '=' ? has : c.op === '!=' ? !has : false;
      }
      const d = compare(v, c.value, c.field);
      if (d === null) return c.op === '!=' ? v !== null : false;
      return { '=': d === 0, '!=': d !== 0, '<': d < 0, '>': d > 0, '<=': d <= 0, '>=': d >= 0 }[c.op] ?? false;
    }
    case 'in': {
      const v = columnValue(rec, c.field);
      const vs = Array.isArray(v) ? v : [v];
      const hit = c.values.some((x) => vs.some((y) => compare(y, x, c.field) === 0));
      return c.not ? !hit : hit;
    }
    case 'like': {
      const v = columnValue(rec, c.field);
      const re = likeToRegex(c.pattern);
      const hit = (Array.isArray(v) ? v : [v]).some((y) => y !== null && re.test(String(y)));
      return c.not ? !hit : hit;
    }
    case 'between': {
      const v = columnValue(rec, c.field);
      const lo = compare(v, c.lo, c.field);
      const hi = compare(v, c.hi, c.field);
      const inside = lo !== null && hi !== null && lo >= 0 && hi <= 0;
      return c.not ? !inside : inside;
    }
  }
}

function condColumns(c: Cond, out: string[] = []): string[] {
  if ('a' in c) {
    condColumns(c.a, out);
    condColumns(c.b, out);
  } else out.push(c.field);
  return out;
}

/** Parses the query; an error reply when it is not valid COQL (or not supported here). */
export function parseQuery(text: string): Query | Reply {
  try {
    const q = new Parser(tokenize(text)).parse();
    if (q.module.toLowerCase() !== 'deals') {
      return zohoError(400, 'INVALID_QUERY', 'invalid query formed', {
        reason: 'module not supported in the sandbox',
        module: q.module,
      });
    }
    if (!q.hasWhere) return zohoError(400, 'SYNTAX_ERROR', 'where clause is missing in the query', { clause: 'where' });
    if (q.fields.length > COQL_MAX_COLUMNS)
      return zohoError(400, 'LIMIT_EXCEEDED', 'select column limit exceeded', {
        by: 'select',
        limit: COQL_MAX_COLUMNS,
      });
    for (const f of q.fields) checkColumn(f, 'select');
    for (const f of condColumns(q.where)) checkColumn(f, 'where');
    for (const o of q.order) checkColumn(o.field, 'order by');
    if (q.limit < 1 || q.limit > COQL_MAX_LIMIT)
      return zohoError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { by: 'limit', limit: COQL_MAX_LIMIT });
    if (q.offset > COQL_MAX_OFFSET)
      return zohoError(400, 'LIMIT_EXCEEDED', 'offset exceeded', { by: 'offset', limit: COQL_MAX_OFFSET });
    return q;
  } catch (e) {
    if (e instanceof CoqlError) return e.reply;
    throw e;
  }
}

/** LIMIT of a query text, for credit accounting before it runs (200 when absent or unreadable). */
export function queryLimit(body: string): number {
  try {
    const q = (JSON.parse(body) as { select_query?: unknown }).select_query;
    if (typeof q !== 'string') return 200;
    const m = /\blimit\s+(\d+)(?:\s*,\s*(\d+))?/i.exec(q);
    if (!m) return 200;
    return Math.min(COQL_MAX_LIMIT, Number(m[2] ?? m[1]));
  } catch {
    return 200;
  }
}

function output(rec: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.includes('.')) out[f] = columnValue(rec, f);
    else {
      const def = DEAL_FIELD_BY_API.get(f);
      const v = rec[f];
      out[f] =
        (def?.type === 'lookup' || def?.type === 'ownerlookup') && v ? { id: (v as { id: string }).id } : (v ?? null);
    }
  }
  out.id = rec.id;
  return out;
}

export function runCoql(crm: Crm, req: Req): Reply {
  const parsed = parseJsonBody(req);
  const text = parsed.ok ? (parsed.value as { select_query?: unknown } | undefined)?.select_query : undefined;
  if (typeof text !== 'string' || !text.trim()) {
    return zohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'select_query' });
  }
  const q = parseQuery(text);
  if (!('fields' in q)) return q;
  const list = crm.store.sorted('id');
  const matched: Entry[] = [];
  // In id order (no ORDER BY, or by id ascending) a keyset page starts at its lower bound and stops
  // one row past the page: 1,000,000 deals are paged without scanning them all for every page.
  const idOrder = q.order.length === 0 || (q.order.length === 1 && q.order[0].field === 'id' && !q.order[0].desc);
  const enough = idOrder ? q.offset + q.limit + 1 : Infinity;
  for (let i = idOrder ? idLowerBound(list, q.where) : 0; i < list.length && matched.length < enough; i++)
    if (evaluate(q.where, list[i].rec)) matched.push(list[i]);
  if (q.order.length > 0) {
    matched.sort((a, b) => {
      for (const o of q.order) {
        const x = columnValue(a.rec, o.field);
        const y = columnValue(b.rec, o.field);
        let d: number;
        if (x === y) d = 0;
        else if (x === null || x === undefined) d = -1;
        else if (y === null || y === undefined) d = 1;
        else d = compare(x, y as Value, o.field) ?? 0;
        if (d !== 0) return o.desc ? -d : d;
      }
      return a.rec.id < b.rec.id ? -1 : 1;
    });
  }
  const page = matched.slice(q.offset, q.offset + q.limit);
  if (page.length === 0) return { status: 204 };
  return json(200, {
    data: page.map((e) => output(e.rec, q.fields)),
    info: { count: page.length, more_records: q.offset + q.limit < matched.length },
  });
}

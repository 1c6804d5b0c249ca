import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { DealRow, dealsListArgs } from '../../../src-shared/contract/schemas';
import type { DB, DealsTable } from '../store/schema';

type ListArgs = z.output<typeof dealsListArgs>;

const SORT_COLUMNS = {
  closingDate: 'closing_date',
  amountHome: 'amount_home',
  name: 'name',
  modifiedTime: 'modified_time',
  probability: 'probability',
} as const;

export function toDealRow(d: Selectable<DealsTable>): DealRow {
  return {
    id: d.id,
    name: d.name,
    accountName: d.account_name,
    ownerName: d.owner_name,
    stage: d.stage,
    probability: d.probability,
    amount: d.amount,
    currency: d.currency,
    amountHome: d.amount_home,
    closingDate: d.closing_date,
    country: d.country,
    modifiedTime: d.modified_time,
  };
}

/** Read side of the deals cache for the Deals screen. */
export class DealsRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async list(args: ListArgs): Promise<{ total: number; rows: DealRow[] }> {
    let q = this.db.selectFrom('deals');
    if (args.search) {
      const like = `%${args.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb('name', 'like', eb.val(like)),
          eb('account_name', 'like', eb.val(like)),
          eb('owner_name', 'like', eb.val(like)),
        ]),
      );
    }
    if (args.stage) q = q.where('stage', '=', args.stage);
    const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy(SORT_COLUMNS[args.sort], args.descending ? 'desc' : 'asc')
      .orderBy('id')
      .limit(args.limit)
      .offset(args.offset)
      .execute();
    return { total: Number(total), rows: rows.map(toDealRow) };
  }

  async get(id: string) {
    const d = await this.db
      .selectFrom('deals')
      .leftJoin('deal_raw', 'deal_raw.id', 'deals.id')
      .selectAll('deals')
      .select('deal_raw.raw')
      .where('deals.id', '=', id)
      .executeTakeFirst();
    return d ? { ...toDealRow(d), raw: d.raw ? (JSON.parse(d.raw) as Record<string, unknown>) : {} } : null;
  }

  async count(): Promise<number> {
    const { n } = await this.db
      .selectFrom('deals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }
}

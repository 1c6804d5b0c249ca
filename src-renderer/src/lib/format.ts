/** Display helpers shared by the screens. Amounts are whole units of the home currency. */

/**
 * Dollars of several countries share "$", so a bare "$" never labels an amount: Singapore dollars
 * read S$, US dollars US$; other currencies keep their symbol (€, ¥) or ISO code.
 */
const DOLLAR_LABEL: Record<string, string> = { SGD: 'S$', USD: 'US$', AUD: 'A$', CAD: 'C$', HKD: 'HK$', NZD: 'NZ$' };

/**
 * Building an Intl.NumberFormat costs far more than using one, and a Dashboard formats hundreds of
 * figures (ticks, tooltips, tables) on every filter change: one formatter per currency and style.
 */
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}:${compact}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(
      'en-SG',
      compact
        ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }
        : { style: 'currency', currency, maximumFractionDigits: 0 },
    );
    formatters.set(key, f);
  }
  return f;
}

function format(amount: number, currency: string, compact: boolean): string {
  const parts = formatter(currency, compact).formatToParts(amount);
  return parts
    .map((p) => (p.type === 'currency' && p.value.endsWith('$') ? (DOLLAR_LABEL[currency] ?? currency) : p.value))
    .join('');
}

export function money(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  return format(amount, currency, false);
}

export function compactMoney(amount: number, currency: string): string {
  return format(amount, currency, true);
}

export { ago } from '../../../src-shared/format/ago';

/** A change in money with its sign: "+S$1.2M", "−S$40K", "S$0". */
export function signedMoney(delta: number, currency: string): string {
  const body = compactMoney(Math.abs(delta), currency);
  return delta > 0 ? `+${body}` : delta < 0 ? `−${body}` : body;
}

export function signedNumber(delta: number, digits = 0): string {
  const body = Math.abs(delta).toLocaleString('en-SG', { maximumFractionDigits: digits });
  return delta > 0 ? `+${body}` : delta < 0 ? `−${body}` : body;
}

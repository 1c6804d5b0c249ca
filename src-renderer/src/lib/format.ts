/** Display helpers shared by the screens. Amounts are whole units of the home currency. */

/**
 * Dollars of several countries share "$", so a bare "$" never labels an amount: Singapore dollars
 * read S$, US dollars US$; other currencies keep their symbol (€, ¥) or ISO code.
 */
const DOLLAR_LABEL: Record<string, string> = { SGD: 'S$', USD: 'US$', AUD: 'A$', CAD: 'C$', HKD: 'HK$', NZD: 'NZ$' };

function format(amount: number, currency: string, options: Intl.NumberFormatOptions): string {
  const parts = new Intl.NumberFormat('en-SG', { style: 'currency', currency, ...options }).formatToParts(amount);
  return parts
    .map((p) => (p.type === 'currency' && p.value.endsWith('$') ? (DOLLAR_LABEL[currency] ?? currency) : p.value))
    .join('');
}

export function money(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  return format(amount, currency, { maximumFractionDigits: 0 });
}

export function compactMoney(amount: number, currency: string): string {
  return format(amount, currency, { notation: 'compact', maximumFractionDigits: 1 });
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

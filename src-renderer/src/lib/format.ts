/**
 * Display helpers shared by the screens. Amounts are whole units of the home currency. A bare "$"
 * (what en-SG writes for SGD) never appears: Singapore dollars read "S$", others their code.
 */
export function money(amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat('en-SG', { style: 'currency', currency, maximumFractionDigits: 0 })
    .formatToParts(amount)
    .map((p) => (p.type === 'currency' && p.value === '$' ? (currency === 'SGD' ? 'S$' : `${currency} `) : p.value))
    .join('');
}

export function compactMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-SG', {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(amount);
}

export { ago } from '../../../src-shared/format/ago';

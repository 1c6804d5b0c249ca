import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import { CLOSING_LABELS, probabilityPresetOf } from '../../../src-shared/filters/deal-filter';

export interface Chip {
  /** What the chip says, e.g. "Owner: Ana Tan". */
  label: string;
  /** The filter terms removing the chip clears. */
  clears: (keyof DashboardFilter)[];
}

/** One removable chip per active term of the shared filter, in the order the filter bar shows them. */
export function filterChips(f: DashboardFilter): Chip[] {
  const chips: Chip[] = [];
  if (f.probabilityMin !== undefined || f.probabilityMax !== undefined) {
    const preset = probabilityPresetOf(f.probabilityMin, f.probabilityMax);
    const range = `${f.probabilityMin ?? 0}–${f.probabilityMax ?? 100} %`;
    chips.push({
      label: preset ? `${preset.label} ${range}` : `Probability ${range}`,
      clears: ['probabilityMin', 'probabilityMax'],
    });
  }
  if (f.closing && f.closing !== 'all') {
    const label =
      f.closing === 'custom'
        ? `Closing ${f.closingFrom ?? '…'} – ${f.closingTo ?? '…'}`
        : `Closing ${CLOSING_LABELS[f.closing].toLowerCase()}`;
    chips.push({ label, clears: ['closing', 'closingFrom', 'closingTo'] });
  }
  if (f.openOnly) chips.push({ label: 'Open deals only', clears: ['openOnly'] });
  const terms: [keyof DashboardFilter, string][] = [
    ['owner', 'Owner'],
    ['country', 'Country'],
    ['territory', 'Territory'],
    ['stage', 'Stage'],
    ['serviceLine', 'Service line'],
    ['currency', 'Currency'],
    ['search', 'Search'],
  ];
  for (const [key, name] of terms) {
    const v = f[key];
    if (typeof v === 'string' && v) chips.push({ label: `${name}: ${key === 'search' ? `“${v}”` : v}`, clears: [key] });
  }
  return chips;
}

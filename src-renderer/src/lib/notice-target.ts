import type { NoticeTarget } from '../../../src-shared/contract/notice-schemas';

/**
 * The hash that shows what a notice is about: a screen, filtered or with one deal open
 * (`#/o2r?health=RED`, `#/o2r?deal=…`, `#/settings?section=sync`). The screens read these params.
 */
export function targetHash(t: NoticeTarget): string {
  const params = new URLSearchParams();
  if (t.dealId) params.set('deal', t.dealId);
  if (t.health) params.set('health', t.health);
  if (t.writeBackProblems) params.set('writeback', 'problems');
  if (t.section) params.set('section', t.section);
  const query = params.toString();
  return `#/${t.screen}${query ? `?${query}` : ''}`;
}

export function navigateTo(t: NoticeTarget) {
  location.hash = targetHash(t);
}

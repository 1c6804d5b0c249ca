import type { NoticeTarget } from './contract/notice-schemas';

/**
 * The renderer's hash route that shows what a notice is about: a screen, filtered or with one deal
 * open (`#/o2r?health=RED`, `#/o2r?deal=…`, `#/settings?section=sync`). Shared because the desktop
 * shell opens a new window straight on it when a notification is clicked.
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

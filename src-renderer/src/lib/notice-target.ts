import type { NoticeTarget } from '../../../src-shared/contract/notice-schemas';
import { targetHash } from '../../../src-shared/notice-target';

export { targetHash };

/** Shows what a notice is about; the screens read the hash's params (see targetHash). */
export function navigateTo(t: NoticeTarget) {
  location.hash = targetHash(t);
}

import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

type O2RCall =
  | 'o2r.list'
  | 'o2r.board'
  | 'o2r.get'
  | 'o2r.edit'
  | 'o2r.editMilestones'
  | 'o2r.syncToCrm'
  | 'o2r.syncMilestonesToCrm'
  | 'o2r.syncBatchToCrm'
  | 'o2r.syncStatus'
  | 'o2r.edits'
  | 'o2r.resolveConflict'
  | 'o2r.discardEdit'
  | 'o2r.blockers.add'
  | 'o2r.blockers.resolve'
  | 'o2r.comment'
  | 'o2r.setStrategic'
  | 'o2r.review.get'
  | 'o2r.review.setNote'
  | 'o2r.review.markReviewed'
  | 'o2r.alerts'
  | 'o2r.settings.get'
  | 'o2r.settings.update'
  | 'o2r.settings.reset'
  | 'o2r.outbox'
  | 'o2r.stages';

/** The O2R tracker's calls; all the work is in ctx.o2r (src-main/core/o2r-store). */
export function o2rHandlers(ctx: CoreContext): HandlerGroup<O2RCall> {
  const o2r = () => ctx.o2r;
  return {
    async 'o2r.list'(args) {
      return o2r().list(args);
    },
    async 'o2r.board'(args) {
      return o2r().board(args);
    },
    async 'o2r.get'({ id }) {
      return o2r().get(id);
    },
    async 'o2r.edit'({ id, changes, push }) {
      return o2r().edit(id, changes, push);
    },
    async 'o2r.editMilestones'({ id, milestones, push }) {
      return o2r().edit(id, milestones, push);
    },
    async 'o2r.syncToCrm'({ id }) {
      return o2r().syncToCrm(id);
    },
    async 'o2r.syncMilestonesToCrm'({ id }) {
      return o2r().syncMilestonesToCrm(id);
    },
    async 'o2r.syncBatchToCrm'({ ids }) {
      return o2r().syncBatchToCrm(ids);
    },
    async 'o2r.syncStatus'() {
      return o2r().syncStatus();
    },
    async 'o2r.edits'(args) {
      return o2r().edits(args);
    },
    async 'o2r.resolveConflict'({ editId, choice }) {
      return o2r().resolveConflict(editId, choice);
    },
    async 'o2r.discardEdit'({ editId }) {
      return { discarded: o2r().discardEdit(editId) };
    },
    async 'o2r.blockers.add'({ id, reason, openedOn }) {
      return o2r().addBlocker(id, reason, openedOn);
    },
    async 'o2r.blockers.resolve'({ blockerId, resolvedOn, resolution }) {
      return o2r().resolveBlocker(blockerId, resolvedOn, resolution);
    },
    async 'o2r.comment'({ id, text }) {
      return o2r().comment(id, text);
    },
    async 'o2r.setStrategic'({ id, strategic }) {
      return o2r().setStrategic(id, strategic);
    },
    async 'o2r.review.get'({ week, limit, offset, show, search, sort, descending, ids }) {
      return o2r().reviewPage(week, limit, offset, { show, search, sort, descending }, ids);
    },
    async 'o2r.review.setNote'({ id, week, note }) {
      return o2r().setReviewNote(id, note, week);
    },
    async 'o2r.review.markReviewed'({ id, week, reviewed }) {
      return o2r().markReviewed(id, reviewed, week);
    },
    async 'o2r.alerts'(args) {
      return o2r().alerts(args);
    },
    async 'o2r.settings.get'() {
      return o2r().getSettings();
    },
    async 'o2r.settings.update'(patch) {
      return o2r().updateSettings(patch);
    },
    async 'o2r.settings.reset'() {
      return o2r().resetSettings();
    },
    async 'o2r.outbox'({ status }) {
      return o2r().outboxGroups(status);
    },
    async 'o2r.stages'() {
      return o2r().stages();
    },
  };
}

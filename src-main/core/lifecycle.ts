import type { CoreContext } from './core-context';

/**
 * The one order in which a core comes up and goes down, for every host (Electron, `pulse web`,
 * every `pulse` command, tests):
 *
 * - built by `createCoreContext`: open the store (migrated) → settings → connection → sync →
 *   O2R → notices, and the typed hooks between them; nothing runs yet;
 * - a host that brings its own connection (the demo workspace's sandbox) sets it now;
 * - `start`: the daily backup of the local data is taken when due (at once; the app hosts look a
 *   minute after start, then every hour); the sync repairs what a killed process left in the
 *   folder (indexes a bulk load dropped) and, in the app hosts, starts its schedule (the first
 *   run resumes an unfinished full sync); O2R pushes what earlier runs left queued (app hosts);
 *   the pipeline reads its deals into memory right after (app hosts), so the first Dashboard does not wait for that; the
 *   instant-updates receiver listens when they are on (app hosts; it feeds the sync engine, so it
 *   comes after it);
 * - then the host attaches its transport (window, WebSocket) and the renderer calls in;
 * - `stop`, in reverse and each step awaited: the receiver stops taking notifications (those
 *   already accepted are applied) and its renewal timers stop; notices stop listening; O2R stops scheduling and a
 *   push in flight settles its edits; the sync's schedule stops and a running sync is cancelled
 *   at its next page boundary — its checkpoint saved with every committed page, its run recorded,
 *   its lease released — so the next start resumes there; the Zoho clients stop; a backup in
 *   progress completes; the store closes.
 *
 * A host detaches its transport before it calls `core.close()` and awaits it before exiting.
 */
export function startCore(ctx: CoreContext): void {
  // The daily backup when a day old (docs/data-folder.md#backups): the app hosts look a minute
  // after start, then hourly; a `pulse` command (or a test) at once.
  if (ctx.background.backups) ctx.backups.startDaily();
  else void ctx.backups.maybeDaily();
  if (!ctx.store.readOnly) ctx.sync.recover(); // a read-only folder is left as it is
  if (ctx.background.sync) ctx.sync.start();
  ctx.o2r.start();
  if (ctx.background.sync) ctx.pipeline.warmUp();
  if (ctx.webhooks.hostsReceiver) void ctx.webhooks.start();
}

export async function stopCore(ctx: CoreContext): Promise<void> {
  await ctx.webhooks.stop();
  ctx.notices.close();
  ctx.o2r.close();
  await ctx.o2r.idle(); // a push in flight settles its edits before the store closes
  await ctx.sync.close(); // stops the schedule; a running sync checkpoints and ends
  await ctx.connection.close();
  await ctx.backups.close(); // a backup in progress completes
  await ctx.store.close();
}

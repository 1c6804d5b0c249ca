/** Resolves on the first SIGINT or SIGTERM, so long-running commands can close cleanly. */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * After a stop signal: if closing down (a sync or push finishing, the store closing) takes longer
 * than `ms`, or a second Ctrl+C comes, exit anyway with one line instead of hanging. The store is
 * WAL with a checkpoint after every page, so an exit here loses at most the page in flight.
 */
export function exitIfStuck(ms: number, say: (line: string) => void): void {
  const give = (why: string) => {
    say(`Pipeline Pulse did not finish shutting down (${why}); exiting now. Unsynced work resumes next start.`);
    process.exit(1);
  };
  setTimeout(() => give(`still busy after ${Math.round(ms / 1000)} s`), ms).unref();
  // The same Ctrl+C often arrives twice (from the terminal and forwarded by npm/npx): only a
  // signal a moment later is the user insisting.
  const since = Date.now();
  const again = () => {
    if (Date.now() - since > 1000) give('stopped again');
  };
  process.on('SIGINT', again);
  process.on('SIGTERM', again);
}

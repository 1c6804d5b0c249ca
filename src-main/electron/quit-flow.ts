/**
 * The quit path: Electron quits without waiting for promises, so the first `before-quit` (or
 * `will-quit`) is held back with preventDefault, the workspace closes — the core awaited in its own
 * order (a running sync checkpoints, a push in flight settles, the store closes), then the demo's
 * sandbox — and only then the app quits for real. A close that hangs ends after `timeoutMs` (the
 * store is WAL with a checkpoint per page: at most the page in flight is redone next start).
 * Free of `electron` imports; main.ts hands it the app's events.
 */
export interface QuitFlowOptions {
  /** Closes everything that must end cleanly. */
  close: () => Promise<void>;
  /** Quits for real (app.quit(); the next before-quit passes). */
  quit: () => void;
  /** Last resort when close() hangs or throws (app.exit). */
  exit: (code: number) => void;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export type QuitPhase = 'running' | 'closing' | 'closed';

export interface QuitFlow {
  readonly phase: QuitPhase;
  /** For `before-quit` and `will-quit`. */
  onQuitEvent(event: { preventDefault(): void }): void;
}

export function createQuitFlow(o: QuitFlowOptions): QuitFlow {
  let phase: QuitPhase = 'running';
  const timeoutMs = o.timeoutMs ?? 10_000;
  const start = async () => {
    phase = 'closing';
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => {
      timer = setTimeout(() => resolve('stuck'), timeoutMs);
    });
    try {
      const outcome = await Promise.race([o.close().then(() => 'closed' as const), stuck]);
      if (outcome === 'stuck') {
        o.log?.(`Closing took longer than ${Math.round(timeoutMs / 1000)} s; quitting anyway.`);
        o.exit(1);
        return;
      }
    } catch (e) {
      o.log?.(`Closing failed (${(e as Error).message}); quitting anyway.`);
      o.exit(1);
      return;
    } finally {
      clearTimeout(timer);
    }
    phase = 'closed';
    o.quit();
  };
  return {
    get phase() {
      return phase;
    },
    onQuitEvent(event) {
      if (phase === 'closed') return;
      event.preventDefault();
      if (phase === 'running') void start();
    },
  };
}

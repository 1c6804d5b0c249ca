import type { WorkspaceMode } from '../../src-shared/contract/workspace-schemas';

export interface StartInputs {
  /** The profile holds a Zoho connection (read without opening the store). */
  savedConnection: boolean;
  /** The user chose the demo workspace before (and did not leave it). */
  demoChosen: boolean;
  /** A launch flag: --demo or --no-demo; null when none was given. */
  flag: 'demo' | 'no-demo' | null;
}

export interface StartDecision {
  mode: WorkspaceMode;
  /** Show the welcome screen (demo or connect) instead of the app. */
  welcome: boolean;
}

/**
 * Which workspace a host opens at start (README "First run"): a launch flag decides outright; a
 * connected account opens the account; a demo chosen earlier opens the demo; with neither, the
 * account's (empty) profile opens behind the welcome screen, which offers both.
 */
export function decideStart(i: StartInputs): StartDecision {
  if (i.flag === 'demo') return { mode: 'demo', welcome: false };
  if (i.flag === 'no-demo') return { mode: 'account', welcome: false };
  if (i.savedConnection) return { mode: 'account', welcome: false };
  if (i.demoChosen) return { mode: 'demo', welcome: false };
  return { mode: 'account', welcome: true };
}

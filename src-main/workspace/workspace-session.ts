/**
 * The workspace a host shows — the user's account, the demo, or a dataset imported from a Zoho CSV
 * export (docs/import-export.md) — and switching between them while the app runs (README "First
 * run"). Both app hosts (Electron, `pulse web`) talk to this instead of
 * one core: it forwards calls to the current core, forwards its events, and on a switch closes the
 * current core (and the demo's sandbox), opens the other one and says `workspace.changed`, after
 * which the renderer reloads. Calls that arrive during a switch wait for it.
 */
import fs from 'node:fs';
import { events as contractEvents, type EventName } from '../../src-shared/contract/events';
import type { WorkspaceMode, WorkspaceStatus } from '../../src-shared/contract/workspace-schemas';
import { hasSavedConnection } from '../core/connection/saved-connection';
import type { Core, CoreEndpoint } from '../core/core';
import type { OpenWorkspace, WorkspaceControl } from '../core/core-context';
import { WorkspaceRegistry } from '../core/workspaces/workspace-registry';
import { demoDataDir, startDemoWorkspace, type DemoWorkspace } from '../demo/demo-workspace';
import { readDemoChosen, writeDemoChosen } from './demo-choice';
import { decideStart } from './start-decision';

type Listener = (name: EventName, payload: unknown) => void;

export interface WorkspaceSessionOptions {
  /** The profile folder; the demo lives in its `demo-workspace` subfolder. */
  profileDir: string;
  /** --demo / --no-demo, or null to decide as README "First run" says. */
  flag: 'demo' | 'no-demo' | null;
  /** `--workspace NAME`: open this imported workspace (its id) whatever else would decide. */
  openImport?: string;
  /** Builds a core for one data folder (the host adds its secrets, version, openExternal). */
  createCore(opts: {
    dataDir: string;
    demo: boolean;
    workspace: WorkspaceControl;
    workspaceInfo: OpenWorkspace;
    profileDir: string;
    demoDir: string;
  }): Core;
  /** A line for the host's log ("Demo workspace: a local Zoho CRM sandbox at …"). */
  log?: (line: string) => void;
}

interface Open {
  mode: WorkspaceMode;
  info: OpenWorkspace;
  core: Core;
  demo: DemoWorkspace | null;
  unsubscribe: () => void;
}

export class WorkspaceSession implements CoreEndpoint {
  private current!: Open;
  private readonly startMode: WorkspaceMode;
  private readonly startImport: string | null;
  private readonly registry: WorkspaceRegistry;
  private welcome: boolean;
  private switching: Promise<void> | null = null;
  private readonly listeners = new Set<Listener>();
  private closed = false;
  private readonly control: WorkspaceControl = {
    status: () => this.status(),
    open: (mode, id) => this.open(mode, id),
    resetDemo: () => this.resetDemo(),
  };

  private constructor(private readonly opts: WorkspaceSessionOptions) {
    const start = decideStart({
      savedConnection: hasSavedConnection(opts.profileDir),
      demoChosen: readDemoChosen(opts.profileDir),
      flag: opts.flag,
    });
    this.registry = new WorkspaceRegistry(opts.profileDir, { demoDir: demoDataDir(opts.profileDir) });
    // An imported workspace open at the last quit opens again, unless a flag says otherwise.
    const lastImport = opts.flag ? null : this.registry.current();
    this.startImport = opts.openImport ?? (lastImport && this.registry.get(lastImport) ? lastImport : null);
    this.welcome = this.startImport ? false : start.welcome;
    this.startMode = this.startImport ? 'import' : start.mode;
  }

  static async start(opts: WorkspaceSessionOptions): Promise<WorkspaceSession> {
    const session = new WorkspaceSession(opts);
    session.current = await session.openMode(session.startMode, session.startImport ?? undefined);
    return session;
  }

  get mode(): WorkspaceMode {
    return this.current.mode;
  }

  /** The core of the open workspace (hosts read its data folder, tests its context). */
  get core(): Core {
    return this.current.core;
  }

  /** The open demo's sandbox, when the demo is open. */
  get demo(): DemoWorkspace | null {
    return this.current.demo;
  }

  status(): WorkspaceStatus {
    const { id, name } = this.current.info;
    return { mode: this.current.mode, welcome: this.welcome, canSwitch: true, id, name };
  }

  dispatch: CoreEndpoint['dispatch'] = async (name, args) => {
    while (this.switching) await this.switching;
    return this.current.core.dispatch(name, args);
  };

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Switches to `mode` (the account, the demo, or the imported workspace `id`); choosing any closes
   * the welcome screen. The choice is remembered for the next start.
   */
  open(mode: WorkspaceMode, id?: string): { switching: boolean } {
    this.welcome = false;
    writeDemoChosen(this.opts.profileDir, mode === 'demo');
    this.registry.setCurrent(mode === 'import' ? (id ?? null) : null);
    const same = mode === this.current.mode && (mode !== 'import' || id === this.current.info.id);
    if (same && !this.switching) return { switching: false };
    this.switchTo(mode, false, id);
    return { switching: true };
  }

  /** Starts the demo again from its seed: its deals, edits and sandbox CRM are deleted first. */
  resetDemo(): { switching: boolean } {
    this.welcome = false;
    writeDemoChosen(this.opts.profileDir, true);
    this.switchTo('demo', true);
    return { switching: true };
  }

  /** Closes the open workspace: the core (awaited: a running sync checkpoints), then the sandbox. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.switching) await this.switching;
    await this.closeOpen(this.current);
  }

  private switchTo(mode: WorkspaceMode, reset: boolean, id?: string): void {
    const run = async () => {
      await this.closeOpen(this.current);
      if (reset) fs.rmSync(demoDataDir(this.opts.profileDir), { recursive: true, force: true });
      try {
        this.current = await this.openMode(mode, id);
      } catch (e) {
        // The demo's sandbox could not start (say, no free port), or an imported workspace is gone:
        // the account still opens.
        if (mode === 'account') throw e;
        const what = mode === 'demo' ? 'The demo workspace' : 'The imported workspace';
        this.opts.log?.(`${what} could not open (${(e as Error).message}); opening your account instead.`);
        this.registry.setCurrent(null);
        writeDemoChosen(this.opts.profileDir, false);
        this.current = await this.openMode('account');
      }
      this.emit('workspace.changed', { mode: this.current.mode, id: this.current.info.id });
    };
    const previous = this.switching ?? Promise.resolve();
    const next = previous.then(run).finally(() => {
      if (this.switching === next) this.switching = null;
    });
    this.switching = next;
  }

  private async openMode(mode: WorkspaceMode, id?: string): Promise<Open> {
    const imported = mode === 'import' ? this.registry.imports().find((w) => w.id === id) : undefined;
    if (mode === 'import' && !imported) throw new Error(`There is no imported workspace "${id}".`);
    const dataDir = imported?.dataDir ?? (mode === 'demo' ? demoDataDir(this.opts.profileDir) : this.opts.profileDir);
    const info: OpenWorkspace = imported
      ? { id: imported.id, name: imported.name, kind: 'import' }
      : mode === 'demo'
        ? { id: 'demo', name: 'Demo workspace', kind: 'demo' }
        : { id: 'account', name: 'Zoho CRM', kind: 'account' };
    fs.mkdirSync(dataDir, { recursive: true });
    const core = this.opts.createCore({
      dataDir,
      demo: mode === 'demo',
      workspace: this.control,
      workspaceInfo: info,
      profileDir: this.opts.profileDir,
      demoDir: demoDataDir(this.opts.profileDir),
    });
    const unsubscribe = core.subscribe((name, payload) => this.forward(name, payload));
    let demo: DemoWorkspace | null = null;
    if (mode === 'demo') {
      // The demo's connection is in place before the core starts its schedule (lifecycle.ts).
      try {
        demo = await startDemoWorkspace(core);
      } catch (e) {
        unsubscribe();
        await core.close();
        throw e;
      }
      this.opts.log?.(`Demo workspace: a local Zoho CRM sandbox at ${demo.sandbox.baseUrl}, data in ${dataDir}`);
    }
    core.start();
    return { mode, info, core, demo, unsubscribe };
  }

  private async closeOpen(open: Open): Promise<void> {
    open.unsubscribe();
    await open.core.close();
    await open.demo?.close();
  }

  /** An event from the host itself (the desktop shell's `app.navigate`), validated like the core's. */
  announce<K extends EventName>(name: K, payload: unknown): void {
    this.emit(name, payload);
  }

  private emit<K extends EventName>(name: K, payload: unknown): void {
    if (this.closed) return;
    this.forward(name, contractEvents[name].parse(payload));
  }

  private forward(name: EventName, payload: unknown): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // One broken host connection must not stop the others from hearing about the change.
      }
    }
  }
}

import { z } from 'zod';

/**
 * Which workspace the app shows: the user's own account (connected or not yet), or the built-in
 * demo workspace. The host decides at start and can switch at run time (README "First run").
 */
export const workspaceModeSchema = z.enum(['account', 'demo']);
export type WorkspaceMode = z.infer<typeof workspaceModeSchema>;

export const workspaceStatusSchema = z.object({
  mode: workspaceModeSchema,
  /** No Zoho account connected and the demo never chosen: show the welcome screen. */
  welcome: z.boolean(),
  /** The host can switch workspaces (false in the CLI, or when started with --demo / --no-demo). */
  canSwitch: z.boolean(),
});
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>;

export const workspaceCallSchemas = {
  status: { args: z.strictObject({}), result: workspaceStatusSchema },
  /** Switches to the account or the demo workspace; the renderer reloads on `workspace.changed`. */
  open: { args: z.strictObject({ mode: workspaceModeSchema }), result: z.object({ switching: z.boolean() }) },
  /** Deletes the demo's data (deals, edits, its sandbox CRM) and starts it again, freshly seeded. */
  resetDemo: { args: z.strictObject({}), result: z.object({ switching: z.boolean() }) },
};

/** Pushed when the host switched workspaces: every screen's data changed, the renderer reloads. */
export const workspaceChangedSchema = z.object({ mode: workspaceModeSchema });

import { z } from 'zod';

/**
 * Which workspace the app shows: the user's own account (connected or not yet), the built-in demo
 * workspace, or a dataset imported from a Zoho CSV export (docs/import-export.md). The host
 * decides at start and can switch at run time (README "First run").
 */
export const workspaceModeSchema = z.enum(['account', 'demo', 'import']);
export type WorkspaceMode = z.infer<typeof workspaceModeSchema>;

export const workspaceStatusSchema = z.object({
  mode: workspaceModeSchema,
  /** No Zoho account connected and the demo never chosen: show the welcome screen. */
  welcome: z.boolean(),
  /** The host can switch workspaces (false in the CLI, or when started with --demo / --no-demo). */
  canSwitch: z.boolean(),
  /** The open workspace: 'account', 'demo' or 'import:<folder>', and its name. */
  id: z.string(),
  name: z.string(),
});
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>;

export const workspaceCallSchemas = {
  status: { args: z.strictObject({}), result: workspaceStatusSchema },
  /**
   * Switches to the account, the demo or an imported workspace (`id` from workspace.list); the
   * renderer reloads on `workspace.changed`.
   */
  open: {
    args: z
      .strictObject({ mode: workspaceModeSchema, id: z.string().max(200).optional() })
      .refine((a) => a.mode !== 'import' || a.id, {
        message: 'an imported workspace is opened by its id',
        path: ['id'],
      }),
    result: z.object({ switching: z.boolean() }),
  },
  /** Deletes the demo's data (deals, edits, its sandbox CRM) and starts it again, freshly seeded. */
  resetDemo: { args: z.strictObject({}), result: z.object({ switching: z.boolean() }) },
};

/** Pushed when the host switched workspaces: every screen's data changed, the renderer reloads. */
export const workspaceChangedSchema = z.object({ mode: workspaceModeSchema, id: z.string().optional() });

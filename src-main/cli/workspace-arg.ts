import type { OpenWorkspace } from '../core/core-context';
import { WorkspaceRegistry } from '../core/workspaces/workspace-registry';
import { UsageError } from './command';

/**
 * `--workspace NAME` for commands that read one workspace of the profile: an imported one by its
 * name, "demo" for the demo's folder, nothing for the profile's own (the Zoho account's).
 */
export function workspaceFromArg(
  profileDir: string,
  name: string | undefined,
): { dataDir: string; workspace: OpenWorkspace; demo: boolean } {
  const registry = new WorkspaceRegistry(profileDir, { demoDir: null });
  if (!name || ['account', 'crm'].includes(name.toLowerCase()))
    return { dataDir: profileDir, workspace: { id: 'account', name: 'Zoho CRM', kind: 'account' }, demo: false };
  if (name.toLowerCase() === 'demo') {
    const dir = new WorkspaceRegistry(profileDir, { demoDir: `${profileDir}/demo-workspace` }).get('demo')!;
    return { dataDir: dir.dataDir, workspace: { id: 'demo', name: dir.name, kind: 'demo' }, demo: true };
  }
  const found = registry.imports().find((w) => w.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    const known = registry.imports().map((w) => `"${w.name}"`);
    throw new UsageError(
      `no workspace named "${name}" in ${profileDir}${known.length ? ` (imported workspaces: ${known.join(', ')})` : ''}`,
    );
  }
  return { dataDir: found.dataDir, workspace: { id: found.id, name: found.name, kind: 'import' }, demo: false };
}

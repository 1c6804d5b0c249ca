import { createCore } from '../../core/core';
import { resolveDataDir } from '../../core/data-dir';
import { startWebHost } from '../../web/web-host';
import { WorkspaceSession } from '../../workspace/workspace-session';
import { parseCliArgs, portFlag } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';
import { RENDERER_DIR } from '../paths';
import { workspaceFromArg } from '../workspace-arg';
import { exitIfStuck, waitForShutdownSignal } from '../shutdown';

export const webCommand: CliCommand = {
  name: 'web',
  summary: 'Serve the app to a browser on 127.0.0.1 (prints the URL to open)',
  usage: `Usage: pulse web [--data-dir D] [--port P] [--demo | --no-demo | --workspace NAME]

  --data-dir D   the profile's data folder (default: the desktop app's); the demo workspace
                 lives in its demo-workspace subfolder
  --port P       port on 127.0.0.1, 1–65535 (default: a free one)
  --demo         open the built-in demo workspace
  --no-demo      open your account's profile (no welcome screen)
  --workspace N  open the imported workspace named N (see pulse import)
  With neither, it opens like the desktop app: your account when one is connected, the demo
  when you chose it before, else a welcome screen that offers both.`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      demo: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      workspace: { type: 'string' },
    });
    if (values.demo && values['no-demo']) throw new UsageError('Give --demo or --no-demo, not both.');
    const port = portFlag('port', values.port);
    const profileDir = resolveDataDir(values['data-dir'], io.env);
    const openImport = values.workspace ? workspaceFromArg(profileDir, values.workspace).workspace : null;
    if (openImport && openImport.kind !== 'import')
      throw new UsageError('--workspace names an imported workspace; use --demo or --no-demo for the others.');
    const session = await WorkspaceSession.start({
      profileDir,
      flag: values.demo ? 'demo' : values['no-demo'] ? 'no-demo' : null,
      openImport: openImport?.id,
      createCore: (o) => createCore({ ...o, host: 'web' }),
      log: io.out,
    });
    try {
      const host = await startWebHost({ core: session, rendererDir: RENDERER_DIR, port });
      io.out(`Pipeline Pulse is running at ${host.url}`);
      io.out('Open that URL in a browser. Press Ctrl+C to stop.');
      await waitForShutdownSignal();
      exitIfStuck(10_000, io.err);
      await host.close();
      return EXIT_OK;
    } finally {
      await session.close();
    }
  },
};

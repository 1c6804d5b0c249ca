import { createCore } from '../../core/core';
import { hasSavedConnection } from '../../core/connection/saved-connection';
import { resolveDataDir } from '../../core/data-dir';
import { demoDataDir, startDemoWorkspace } from '../../demo/demo-workspace';
import { startWebHost } from '../../web/web-host';
import { intFlag, parseCliArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { RENDERER_DIR } from '../paths';
import { exitIfStuck, waitForShutdownSignal } from '../shutdown';

export const webCommand: CliCommand = {
  name: 'web',
  summary: 'Serve the app to a browser on 127.0.0.1 (prints the URL to open)',
  usage: `Usage: pulse web [--data-dir D] [--port P] [--demo]

  --data-dir D   the profile's data folder (default: the desktop app's)
  --port P       port on 127.0.0.1 (default: a free one)
  --demo         run on the built-in demo workspace instead of a Zoho account
  --demo-if-disconnected
                 the demo workspace only when no Zoho account is connected (what npm start uses)`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      demo: { type: 'boolean' },
      'demo-if-disconnected': { type: 'boolean' },
    });
    const port = intFlag('port', values.port);
    const profileDir = resolveDataDir(values['data-dir'], io.env);
    const demo = Boolean(values.demo || (values['demo-if-disconnected'] && !hasSavedConnection(profileDir)));
    // An explicit --data-dir is used as given; the default profile keeps the demo in a subfolder.
    const dataDir = demo && !values['data-dir'] && !io.env.PULSE_DATA_DIR ? demoDataDir(profileDir) : profileDir;
    const core = createCore({ dataDir, host: 'web', demo });
    const workspace = demo ? await startDemoWorkspace(core) : null;
    try {
      const host = await startWebHost({ core, rendererDir: RENDERER_DIR, port });
      if (workspace)
        io.out(`Demo workspace: a local Zoho CRM sandbox at ${workspace.sandbox.baseUrl}, data in ${dataDir}`);
      io.out(`Pipeline Pulse is running at ${host.url}`);
      io.out('Open that URL in a browser. Press Ctrl+C to stop.');
      await waitForShutdownSignal();
      exitIfStuck(10_000, io.err);
      await host.close();
      return EXIT_OK;
    } finally {
      await core.close();
      await workspace?.close();
    }
  },
};

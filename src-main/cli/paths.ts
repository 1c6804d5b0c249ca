import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root, found from this file's location. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where `npm run build` (electron-vite) puts the renderer. */
export const RENDERER_DIR = path.join(PACKAGE_ROOT, 'out', 'renderer');

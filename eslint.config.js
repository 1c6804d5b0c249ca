import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, with and without the node: prefix: the renderer may import none. */
const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const NODE_ONLY_PACKAGES = [
  'better-sqlite3',
  '@napi-rs/keyring',
  'kysely',
  'ws',
  'ofetch',
  'bottleneck',
  'electron-store',
  'tsx',
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-output/**', 'bench-output/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // One typed API contract is the only way between processes (GitHub Desktop's rule).
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='ipcMain'][property.name=/^(on|once|handleOnce)$/]",
          message: 'Use the API contract (src-main/electron/ipc-bridge.ts), not raw ipcMain channels.',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // The core is host-agnostic: it runs in plain Node, the CLI and tests. Never Electron.
    files: [
      'src-main/core/**',
      'src-main/sandbox/**',
      'src-main/demo/**',
      'src-main/workspace/**',
      'src-main/web/**',
      'src-main/cli/**',
      'src-main/bench/**',
      'src-shared/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only src-main/electron may import electron; the core must run in plain Node.',
            },
          ],
          patterns: [
            {
              group: ['electron/*', '**/electron/*', '**/src-main/electron/**'],
              message: 'The core must not depend on the Electron shell.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer is a web page: no Node modules, no main-process code. It talks to main only
    // through src-renderer/src/lib/api.ts.
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer reaches main only through the API contract.' },
            ...NODE_BUILTINS.flatMap((m) => [
              { name: m, message: 'The renderer runs in a sandboxed page: no Node modules.' },
              { name: `node:${m}`, message: 'The renderer runs in a sandboxed page: no Node modules.' },
            ]),
            ...NODE_ONLY_PACKAGES.map((m) => ({ name: m, message: 'Main-process package: call the API instead.' })),
          ],
          patterns: [
            { group: ['**/src-main/**', 'node:*'], message: 'The renderer must not import main-process code.' },
          ],
        },
      ],
    },
  },
  {
    // The preload is the bridge: it may import electron, but only the shared transport.
    files: ['src-preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src-main/**'], message: 'The preload exposes the contract only.' }] },
      ],
    },
  },
);

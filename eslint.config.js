// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, and what each may import. A layer imports only those below it, so no two
 * folders import each other, directly or round a longer loop:
 *   core (pure) ← files ← config ← sso ← state; org (AWS Organizations) beside state, over sso;
 *   agents and system beside them ← app (one module per use case) ← cli and mcp (the adapters for
 *   people and agents, which never import each other).
 * The emulator is a module of its own. bin.ts, hook.ts and index.ts at the top are the entry points
 * that put the layers together; version.ts may be imported from anywhere.
 */
const LAYERS = {
  core: [],
  files: ['core'],
  config: ['core', 'files'],
  sso: ['core', 'files', 'config'],
  state: ['core', 'files', 'config', 'sso'],
  org: ['core', 'files', 'config', 'sso'],
  agents: ['core', 'files', 'config'],
  system: ['core', 'files'],
  emulator: [],
  app: ['core', 'files', 'config', 'sso', 'org', 'state', 'agents', 'system', 'emulator'],
  cli: ['core', 'app'],
  mcp: ['core', 'app'],
};

/** The parts of Node.js that touch the world: not in the pure core. */
const IMPURE = [
  'fs',
  'fs/promises',
  'child_process',
  'net',
  'http',
  'https',
  'os',
  'v8',
  'process',
  'module',
  'vm',
];

const upward = (depth) => '\\.\\./'.repeat(depth);

/** One block per layer and folder depth: a relative import that climbs to src/ may only enter the allowed folders. */
const layerRules = Object.entries(LAYERS).flatMap(([layer, allowed]) =>
  [1, 2].map((depth) => ({
    files: [`src/${layer}/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^${upward(depth)}(?!(${[layer, ...allowed].join('|')})/|version\\.js$)`,
              message: `${layer}/ may import only from ${allowed.length ? allowed.join(', ') : 'itself'} (see the layers in eslint.config.js).`,
            },
            ...(layer === 'app' && depth === 1
              ? [
                  {
                    regex: '^\\./(?!runtime\\.js$)',
                    message: 'A use case does not import another: share through a lower layer.',
                  },
                ]
              : []),
          ],
          ...(layer === 'core'
            ? {
                paths: IMPURE.flatMap((name) => [name, `node:${name}`]).map((name) => ({
                  name,
                  message: 'core/ is pure logic over plain data: no files, processes or network.',
                })),
              }
            : {}),
        },
      ],
    },
  })),
);

export default tseslint.config(
  { ignores: ['dist/', 'bench/.build/', 'bench/results/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      // Config files and token values must be checked for control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  ...layerRules,
  {
    // The command line only translates: argv in, text and exit codes out. Its files stay small.
    files: ['src/cli/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 250, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
);

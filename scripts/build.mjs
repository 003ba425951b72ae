#!/usr/bin/env node
/**
 * `npm run build`: the library with its type declarations (tsc → dist/), then the command-line
 * program as one self-contained bundle (esbuild → dist/bin.cjs, dist/hook.cjs, dist/guard.cjs and dist/chunks/), so that an
 * installed aws-org-profiles needs no dependency at all: no registry at install time, a few files
 * instead of thousands. Code splitting keeps each command's code in its own chunks, so the agent
 * hook (`context`) never loads the AWS SDK or the argument parser.
 *
 *   node scripts/build.mjs                  both steps, into dist/
 *   node scripts/build.mjs --no-bundle      tsc output only (dist/bin.js then imports node_modules):
 *                                           what `npm run bench` compares the bundle with
 *   node scripts/build.mjs --out DIR        into DIR/dist, with a copy of package.json in DIR
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const bundle = !args.includes('--no-bundle');
const out = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1]) : root;
const dist = join(out, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(dist, { recursive: true, force: true });
// The library with its type declarations; without the bundle, the whole program as tsc writes it.
execFileSync(
  process.execPath,
  [
    require.resolve('typescript/bin/tsc'),
    '-p',
    bundle ? 'tsconfig.build.json' : 'tsconfig.program.json',
    '--outDir',
    dist,
  ],
  { cwd: root, stdio: 'inherit' },
);
if (out !== root) {
  mkdirSync(out, { recursive: true });
  copyFileSync(join(root, 'package.json'), join(out, 'package.json'));
}

if (bundle) {
  const { build } = await import('esbuild');
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    // Whitespace and syntax only: function names stay, so `--debug` stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  };
  // An id of the exact source: caches the program writes (the agent context's profile map) are keyed
  // on it, so that a new build never reads what an older one wrote in another form.
  const buildId = sourceId(join(root, 'src'));
  const defines = (bin) => ({
    AWS_ORG_PROFILES_VERSION: JSON.stringify(pkg.version),
    AWS_ORG_PROFILES_BUILD: JSON.stringify(buildId),
    AWS_ORG_PROFILES_BIN: JSON.stringify(bin),
  });
  // CommonJS has no import.meta: the few modules that find files next to themselves get the URL of
  // the file they were bundled into.
  const commonjs = {
    format: 'cjs',
    define: { ...defines('bin.cjs'), 'import.meta.url': '__aopImportMetaUrl' },
    banner: { js: "var __aopImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  };
  // Every command but the hook, and the MCP server: ES modules split into chunks, so each command
  // loads only its own code.
  const commands = await build({
    ...common,
    format: 'esm',
    define: defines('bin.cjs'),
    // Some bundled packages are CommonJS and call require() for Node's own modules; created when
    // first called, so that a file that never needs it pays nothing.
    banner: {
      js: "import { createRequire as __aopCreateRequire } from 'node:module'; const require = (id) => __aopCreateRequire(import.meta.url)(id);",
    },
    entryPoints: { main: 'src/cli/main.ts', mcp: 'src/mcp/stdio.ts' },
    outdir: join(dist, 'chunks'),
    chunkNames: '[name]-[hash]',
    splitting: true,
  });
  // The agent hook's whole path (`context`) in one CommonJS file, which bin.cjs compiles with a
  // V8 code cache.
  const hook = await build({
    ...common,
    ...commonjs,
    entryPoints: { hook: 'src/hook.ts' },
    outdir: dist,
    outExtension: { '.js': '.cjs' },
  });
  // The guard that hosts run before every tool call (`guard`): its own file, compiled the same way.
  const guard = await build({
    ...common,
    ...commonjs,
    entryPoints: { guard: 'src/guard.ts' },
    outdir: dist,
    outExtension: { '.js': '.cjs' },
  });
  const idOf = (file) =>
    createHash('sha256')
      .update(readFileSync(join(dist, file)))
      .digest('hex')
      .slice(0, 16);
  // The entry point: small and CommonJS, so a start pays for no ES module loader.
  const entry = await build({
    ...common,
    ...commonjs,
    define: {
      ...commonjs.define,
      AWS_ORG_PROFILES_HOOK: JSON.stringify('hook.cjs'),
      AWS_ORG_PROFILES_HOOK_ID: JSON.stringify(idOf('hook.cjs')),
      AWS_ORG_PROFILES_GUARD: JSON.stringify('guard.cjs'),
      AWS_ORG_PROFILES_GUARD_ID: JSON.stringify(idOf('guard.cjs')),
    },
    // bin.ts has no import.meta, and its own #! line.
    banner: {},
    entryPoints: { bin: 'src/bin.ts' },
    outdir: dist,
    outExtension: { '.js': '.cjs' },
    plugins: [
      {
        name: 'entry-points',
        setup(b) {
          const outside = {
            './cli/main.js': './chunks/main.js',
            './mcp/stdio.js': './chunks/mcp.js',
            './hook.js': './hook.cjs',
            './guard.js': './guard.cjs',
          };
          b.onResolve({ filter: /^\.\/(cli\/main|mcp\/stdio|hook|guard)\.js$/ }, (args) => ({
            path: outside[args.path],
            external: true,
          }));
        },
      },
    ],
  });
  const result = {
    metafile: {
      inputs: {
        ...commands.metafile.inputs,
        ...hook.metafile.inputs,
        ...guard.metafile.inputs,
        ...entry.metafile.inputs,
      },
      outputs: {
        ...commands.metafile.outputs,
        ...hook.metafile.outputs,
        ...guard.metafile.outputs,
        ...entry.metafile.outputs,
      },
    },
  };
  chmodSync(join(dist, 'bin.cjs'), 0o755);
  writeFileSync(join(dist, 'THIRD-PARTY-NOTICES.md'), notices(result.metafile));
  writeFileSync(join(dist, 'packages.json'), `${JSON.stringify(packagesByChunk(result.metafile))}\n`);
}

/** A short hash of every file below `dir`, by path and content. */
function sourceId(dir) {
  const hash = createHash('sha256');
  const visit = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) visit(path);
      else
        hash
          .update(`${relative(dir, path)}\0`)
          .update(readFileSync(path))
          .update('\0');
    }
  };
  visit(dir);
  return hash.digest('hex').slice(0, 12);
}

/** The npm package a bundled file came from: `node_modules/@aws-sdk/client-sso/dist-es/…` → `@aws-sdk/client-sso`. */
function packageOf(input) {
  return /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
}

/**
 * Which packages each file of the bundle holds, so that a test can tell that the agent hook's
 * files hold neither the AWS SDK nor the argument parser.
 */
function packagesByChunk(metafile) {
  const chunks = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    const names = new Set(Object.keys(output.inputs).flatMap((i) => packageOf(i)?.[1] ?? []));
    chunks[relative(dist, join(root, file))] = [...names].sort();
  }
  return chunks;
}

/**
 * The licence of every package whose code went into the bundle (Apache-2.0 and MIT both ask for
 * their notice to travel with the code). Packages with the very same text share one copy: the AWS
 * SDK alone is a hundred packages under one Apache licence.
 */
function notices(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = packageOf(input);
    if (match) dirs.add(join(root, input.slice(0, match.index + match[0].length)));
  }
  const byText = new Map();
  for (const dir of dirs) {
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const files = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'NOTICE', 'NOTICE.txt'].filter((f) =>
      existsSync(join(dir, f)),
    );
    const text =
      files.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n') ||
      `Licensed under ${meta.license}.`;
    byText.set(text, [...(byText.get(text) ?? []), `${meta.name} ${meta.version} (${meta.license})`]);
  }
  const sections = [...byText.entries()]
    .map(([text, names]) => [names.sort(), text])
    .sort(([a], [b]) => (a[0] < b[0] ? -1 : 1))
    .map(([names, text]) => `${names.map((n) => `- ${n}`).join('\n')}\n\n\`\`\`\n${text}\n\`\`\`\n`);
  return `# Third-party notices\n\nThe command-line program in this package (dist/bin.cjs, dist/hook.cjs, dist/guard.cjs, dist/chunks/) bundles these packages.\n\n${sections.join('\n')}`;
}

#!/usr/bin/env node
/**
 * npm's `prepare`: builds dist/ for `npm pack`, for `npm install` in a checkout, and when the
 * package is installed straight from git (`npm install -g git+https://…`, `npx github:…`).
 *
 * npm is meant to install the devDependencies of a git package before `prepare`, but a global
 * install from git runs `prepare` with none of them (npm/cli#8440). The build tools are then
 * installed here, into this clone only, before building.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  cpSync,
  existsSync,
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

function resolvable(name) {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

if (!resolvable('typescript/package.json') || !resolvable('esbuild')) {
  process.stderr.write('aws-org-profiles: installing the build tools into this checkout\n');
  // The global install's settings would send these to the global folder: this is a local install.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^npm_config_(global|prefix|location|omit|only|production)$/i.test(k),
    ),
  );
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm]] : ['npm', []];
  execFileSync(
    command,
    // --ignore-scripts: this install would otherwise run this very script again.
    [
      ...args,
      'install',
      '--no-save',
      '--include=dev',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--location=project',
    ],
    { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
}
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });

// In that same global install from git, npm links the global package folder to its temporary clone,
// which it deletes afterwards (npm/cli#4148, npm/cli#6984), and the install would be gone. The link
// is replaced here by a folder that holds what the package ships, which npm then fills again from
// the packed clone. Only for a clone in npm's cache: a global install of a checkout (`npm install -g`
// in it) links to the checkout, and that link is the install.
const prefix = process.env.npm_config_prefix;
const cache = process.env.npm_config_cache;
function inNpmCache() {
  try {
    return realpathSync(root).startsWith(join(realpathSync(cache), '_cacache', 'tmp') + sep);
  } catch {
    return false;
  }
}
if (process.env.npm_config_global === 'true' && prefix && cache !== undefined && inNpmCache()) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const dir of [join(prefix, 'lib', 'node_modules', pkg.name), join(prefix, 'node_modules', pkg.name)]) {
    let linked = false;
    try {
      linked = lstatSync(dir).isSymbolicLink() && realpathSync(dir) === realpathSync(root);
    } catch {
      // Not there: nothing to undo.
    }
    if (!linked) continue;
    const copy = `${dir}.${process.pid}.tmp`;
    rmSync(copy, { recursive: true, force: true });
    for (const entry of ['package.json', ...pkg.files]) {
      if (existsSync(join(root, entry))) cpSync(join(root, entry), join(copy, entry), { recursive: true });
    }
    unlinkSync(dir);
    renameSync(copy, dir);
  }
}

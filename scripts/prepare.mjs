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
import { dirname, join } from 'node:path';
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

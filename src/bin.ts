#!/usr/bin/env node
/**
 * The program's entry point, and its composition root: it picks the agent hook's fast path or the
 * full command-line program, and wires the MCP server into the latter (the command-line and MCP
 * adapters do not know each other).
 *
 * The agent hook (`context`) runs at every agent start, so its path is kept to the bare minimum:
 * in the shipped bundle this file is CommonJS (no ES module loader to start), and the hook's code
 * is one more file compiled with a V8 code cache kept in the user's cache folder, so a start
 * compiles almost nothing. A cache made by another Node.js or another build is rejected by V8 and
 * made again; one that cannot be read or written only makes that start slower.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Set by the bundler: the hook's file beside this one, and an id of its exact content. */
declare const AWS_ORG_PROFILES_HOOK: string | undefined;
declare const AWS_ORG_PROFILES_HOOK_ID: string | undefined;
/** The same for the guard (`guard`), which hosts run before every tool call. */
declare const AWS_ORG_PROFILES_GUARD: string | undefined;
declare const AWS_ORG_PROFILES_GUARD_ID: string | undefined;

// The AWS SDK warns on every run under Node 20 that its releases after January 2027 will need
// Node 22. That is news for whoever upgrades our dependencies, not for someone listing profiles,
// and agents read stderr too. Drop just that warning, without touching the environment that
// child processes inherit.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (text.startsWith('NodeVersionSupportWarning')) return;
  Reflect.apply(emitWarning, process, [warning, ...rest]);
};

/** Where this Node.js keeps the code cache of this build's `name` bundle; undefined without a home folder. */
function codeCachePath(name: string, id: string): string | undefined {
  const { XDG_CACHE_HOME, HOME } = process.env;
  const base = XDG_CACHE_HOME || (HOME ? join(HOME, '.cache') : undefined);
  if (!base) return undefined;
  return join(base, 'aws-org-profiles', `${name}-${id}-${process.version}-${process.arch}.v8cache`);
}

/**
 * The cache folder and its parent (`~/.cache`), one level at a time: Node 20's recursive mkdir
 * never returns for some places (under /proc, say), and a hook that hangs lets the call through.
 */
function makeCacheDir(dir: string): void {
  for (const path of [dirname(dir), dir]) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' && path === dir) throw error;
    }
  }
}

/** Runs a CommonJS bundle (`hook`, `guard`), compiled with its code cache when there is a good one. */
function runCompiledHook(name: string, file: string, id: string): void {
  const cachePath = codeCachePath(name, id);
  let cachedData: Buffer | undefined;
  try {
    if (cachePath) cachedData = readFileSync(cachePath);
  } catch {
    // None yet.
  }
  const source = readFileSync(file, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, require, module, file, dirname(file));
  if (cachePath && (cachedData === undefined || script.cachedDataRejected)) {
    // After the run, the cache holds the functions the run compiled too.
    process.once('exit', () => {
      try {
        const dir = dirname(cachePath);
        makeCacheDir(dir);
        const temp = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, cachePath);
        // The caches of earlier builds and Node.js versions are of no more use.
        for (const entry of readdirSync(dir)) {
          if (entry.startsWith(`${name}-`) && entry.endsWith('.v8cache') && entry !== basename(cachePath))
            rmSync(join(dir, entry), { force: true });
        }
      } catch {
        // A read-only home: the next start compiles again.
      }
    });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === 'context' && !argv.some((a) => a === '-h' || a === '--help' || a === '--debug')) {
  if (typeof AWS_ORG_PROFILES_HOOK === 'string' && typeof AWS_ORG_PROFILES_HOOK_ID === 'string') {
    runCompiledHook('hook', join(__dirname, AWS_ORG_PROFILES_HOOK), AWS_ORG_PROFILES_HOOK_ID);
  } else {
    void import('./hook.js');
  }
} else if (argv.length === 1 && argv[0] === 'guard') {
  // Hosts treat every exit code but 2 as "let the call run": a guard that cannot start blocks.
  try {
    if (typeof AWS_ORG_PROFILES_GUARD === 'string' && typeof AWS_ORG_PROFILES_GUARD_ID === 'string') {
      runCompiledHook('guard', join(__dirname, AWS_ORG_PROFILES_GUARD), AWS_ORG_PROFILES_GUARD_ID);
    } else {
      import('./guard.js').catch(() => process.exit(2));
    }
  } catch {
    process.stderr.write('aws-org-profiles guard blocked this call: the guard could not start.\n');
    process.exit(2);
  }
} else {
  void import('./cli/main.js').then(async ({ runProgram }) => {
    process.exitCode = await runProgram(argv, {
      serveMcp: async (io) => (await import('./mcp/stdio.js')).serveMcp(io),
    });
  });
}

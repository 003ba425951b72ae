/**
 * The shipped form of the program: the bundle (the `bin` of package.json and its chunks, no dependencies) against
 * the same code as the TypeScript compiler writes it, loading its dependencies from node_modules.
 * Both are measured the same way, alternated, with a clean environment and nothing preloaded: what an
 * install puts on disk, and how fast `context` and `--version` start.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeBigOrg } from '../test/support/big-config.js';
import { alternate, BIN, binOf, cleanEnv, ROOT, stats, type Stats } from './measure.js';
import type { Log } from './scenarios.js';

/** What the program needed at run time before it was bundled. */
export const RUNTIME_PACKAGES = [
  '@aws-sdk/client-sso',
  '@aws-sdk/client-sso-oidc',
  '@aws-sdk/client-sts',
  '@modelcontextprotocol/server',
  'commander',
  'zod',
];

export interface Footprint {
  readonly files: number;
  readonly bytes: number;
}

export interface PackageVariant {
  readonly variant: 'bundle' | 'tsc + node_modules';
  readonly installed: Footprint;
  readonly contextMs: Stats;
  readonly versionMs: Stats;
}

export interface PackageResult {
  readonly profiles: number;
  readonly tarballBytes: number;
  readonly variants: readonly PackageVariant[];
}

function footprint(dir: string, skip: (name: string) => boolean = () => false): Footprint {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (skip(entry.name)) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        files++;
        bytes += statSync(path).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

/** The folders of `names` and of everything they depend on, as npm installed them here. */
function dependencyClosure(names: readonly string[]): Set<string> {
  const dirs = new Set<string>();
  const visit = (name: string, from: string) => {
    let manifest: string;
    try {
      manifest = createRequire(join(from, 'package.json')).resolve(`${name}/package.json`);
    } catch {
      // Some packages do not export package.json: find their folder on the node_modules path.
      let dir = from;
      for (;;) {
        const candidate = join(dir, 'node_modules', name, 'package.json');
        if (existsSync(candidate)) {
          manifest = candidate;
          break;
        }
        const up = dirname(dir);
        if (up === dir) return;
        dir = up;
      }
    }
    const dir = dirname(manifest);
    if (dirs.has(dir)) return;
    dirs.add(dir);
    const meta = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(meta.dependencies ?? {})) visit(dep, dir);
  };
  for (const name of names) visit(name, ROOT);
  return dirs;
}

const add = (a: Footprint, b: Footprint): Footprint => ({
  files: a.files + b.files,
  bytes: a.bytes + b.bytes,
});

/** The tsc output's program: the file its package.json names, or dist/bin.js, where tsc writes src/bin.ts. */
function unbundledBin(dir: string): string {
  const named = binOf(dir);
  return existsSync(named) ? named : join(dir, 'dist', 'bin.js');
}

export async function packageScenario(profiles: number, runs: number, log: Log): Promise<PackageResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'aop-bench-package-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { size: number; unpackedSize: number; files: unknown[] }[];
    const tarball = packed[0]!;
    // Inside the project, so that its imports find node_modules as they would in an install.
    const unbundled = join(ROOT, 'bench', '.build', 'unbundled');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--no-bundle', '--out', unbundled], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    // The same files an install of the unbundled package would hold: its dist, and its dependencies.
    let deps: Footprint = { files: 0, bytes: 0 };
    for (const dir of dependencyClosure(RUNTIME_PACKAGES)) {
      deps = add(
        deps,
        footprint(dir, (name) => name === 'node_modules'),
      );
    }
    const unbundledFiles = add(footprint(join(unbundled, 'dist')), deps);

    const variants = [
      {
        variant: 'bundle',
        bin: BIN,
        installed: { files: tarball.files.length, bytes: tarball.unpackedSize },
      },
      { variant: 'tsc + node_modules', bin: unbundledBin(unbundled), installed: unbundledFiles },
    ] as const;
    // Both variants alternated in one loop: `context` (from its cache after the warm-up run) and
    // `--version`. Each has its own HOME with the same config, and so its own cache.
    const samples = await alternate(
      variants.flatMap((v) => {
        const env = cleanEnv(mkdtempSync(join(scratch, 'home-')));
        writeBigOrg(env.HOME!, profiles);
        return [
          { label: `${v.variant}: context`, args: [v.bin, 'context'], env },
          { label: `${v.variant}: --version`, args: [v.bin, '--version'], env },
        ];
      }),
      runs,
    );
    const results: PackageVariant[] = variants.map(({ variant, installed }, i) => {
      const contextMs = stats(samples[2 * i]!.map((s) => s.wallMs));
      const versionMs = stats(samples[2 * i + 1]!.map((s) => s.wallMs));
      log(
        `  ${variant}: ${installed.files} files, ${(installed.bytes / 1e6).toFixed(1)} MB installed; context ${contextMs.median.toFixed(1)} ms, --version ${versionMs.median.toFixed(1)} ms`,
      );
      return { variant, installed, contextMs, versionMs };
    });
    return { profiles, tarballBytes: tarball.size, variants: results };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(join(ROOT, 'bench', '.build', 'unbundled'), { recursive: true, force: true });
  }
}

/**
 * Running a command as a child process and measuring it: wall time, peak RSS, output size.
 *
 * Nothing is loaded into a measured process, and it gets a fresh environment: only what the caller
 * passes (cleanEnv: HOME, PATH and what a scenario needs), never this process's own, so neither
 * NODE_OPTIONS nor NODE_EXTRA_CA_CERTS slows it down. Its peak RSS is measured from outside, by
 * bench/peak-rss.py (python3), which spawns it, waits for it with wait4 and reads the kernel's
 * figure; that helper also takes the wall time, around the spawn and the wait only. Every process
 * of a comparison goes through the same helper. Without a usable python3, processes are spawned
 * and timed from here, and their peak RSS is reported as not measured.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The project folder, found from here whether this runs compiled (bench/.build) or as TypeScript. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (
    !existsSync(join(dir, 'package.json')) ||
    !readFileSync(join(dir, 'package.json'), 'utf8').includes('"name": "aws-org-profiles"')
  ) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the aws-org-profiles project folder');
    dir = up;
  }
  return dir;
}

export const ROOT = projectRoot();

/** The program of a build (a folder with package.json and dist/): the file its package.json names in `bin`. */
export function binOf(dir: string): string {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest))
    throw new Error(`${dir} is not a build of aws-org-profiles: it has no package.json`);
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    name?: string;
    bin?: string | Record<string, string>;
  };
  const entry = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['aws-org-profiles'];
  if (pkg.name !== 'aws-org-profiles' || !entry) {
    throw new Error(`${manifest} does not name an aws-org-profiles program in its "bin" field`);
  }
  return resolve(dir, entry);
}

/** This checkout's program. */
export const BIN = binOf(ROOT);

export type Env = Readonly<Record<string, string>>;

/** The environment of a measured process, built from nothing: HOME, PATH, and `extra`. */
export function cleanEnv(home: string, extra: Env = {}): Env {
  return { HOME: home, PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', ...extra };
}

const HELPER = join(ROOT, 'bench', 'peak-rss.py');

let python: { readonly path: string; readonly version: string } | null | undefined;

/**
 * The python3 interpreter itself (not a version manager's shim in front of it), once checked that it
 * can run the helper (posix_spawn, wait4, waitstatus_to_exitcode: Python 3.9), or null.
 */
function interpreter(): { readonly path: string; readonly version: string } | null {
  if (python !== undefined) return python;
  python = null;
  if (process.platform === 'win32' || !existsSync(HELPER)) return python;
  const probe = spawnSync(
    'python3',
    [
      '-I',
      '-S',
      '-c',
      'import os, platform, sys; assert sys.version_info >= (3, 9) and hasattr(os, "posix_spawn") and hasattr(os, "wait4"); print(sys.executable); print(platform.python_version())',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const [path = '', version = ''] = probe.status === 0 ? probe.stdout.trim().split('\n') : [];
  if (isAbsolute(path) && existsSync(path)) python = { path, version };
  return python;
}

/** How wall time and peak RSS are measured on this machine, for the report. */
export function rssMethod(): string {
  const py = interpreter();
  return py
    ? `bench/peak-rss.py (Python ${py.version}) spawns each process and takes its wall time from the spawn to wait4's return, and its peak RSS from wait4's ru_maxrss`
    : 'no python3 with os.posix_spawn and os.wait4, so wall time is taken by the benchmark process and peak RSS is not measured';
}

export interface Sample {
  readonly wallMs: number;
  /** NaN when it could not be measured. */
  readonly rssMiB: number;
  readonly stdoutBytes: number;
  readonly stdout: string;
  readonly code: number;
}

/**
 * Runs `node ARGS` with exactly `env` and nothing preloaded, and measures it. Keeps stdout when
 * `keep`. Its stdin is the file `stdin` when given (a hook event), else nothing.
 */
export function measure(args: readonly string[], env: Env, keep = false, stdin?: string): Promise<Sample> {
  const py = interpreter();
  return new Promise((resolvePromise, reject) => {
    const input = stdin === undefined ? 'ignore' : openSync(stdin, 'r');
    const started = process.hrtime.bigint();
    const child = py
      ? spawn(py.path, ['-I', '-S', HELPER, JSON.stringify(env), process.execPath, ...args], {
          env,
          stdio: [input, 'pipe', 'pipe', 'pipe'],
        })
      : spawn(process.execPath, args, { env, stdio: [input, 'pipe', 'pipe'] });
    if (typeof input === 'number') closeSync(input);
    let bytes = 0;
    const chunks: Buffer[] = [];
    let stderr = '';
    let report = '';
    child.stdout!.on('data', (c: Buffer) => {
      bytes += c.length;
      if (keep) chunks.push(c);
    });
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    if (py) (child.stdio[3] as Readable).on('data', (c: Buffer) => (report += c.toString()));
    child.on('error', reject);
    child.on('close', (helperCode) => {
      let wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let rssMiB = NaN;
      let code = helperCode ?? -1;
      if (py) {
        let measured: { wallNs: number; maxRssKiB: number; exitCode: number };
        try {
          measured = JSON.parse(report) as typeof measured;
        } catch {
          reject(
            new Error(`the measuring helper failed on node ${args.join(' ')}: ${stderr.slice(0, 2000)}`),
          );
          return;
        }
        wallMs = measured.wallNs / 1e6;
        rssMiB = measured.maxRssKiB / 1024;
        code = measured.exitCode;
      }
      if (code !== 0) {
        reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolvePromise({
        wallMs,
        rssMiB,
        stdoutBytes: bytes,
        stdout: Buffer.concat(chunks).toString(),
        code,
      });
    });
  });
}

/** One thing measured in an alternated loop: `node ARGS` with `env`. */
export interface Subject {
  readonly label: string;
  readonly args: readonly string[];
  readonly env: Env;
  /** Keep stdout, for `check`. */
  readonly keep?: boolean;
  /** Runs before each run of it, untimed. */
  readonly before?: () => void;
  /** A file to give it on stdin. */
  readonly stdin?: string;
  /** Throws when a run's result is wrong. */
  readonly check?: (sample: Sample) => void;
}

/**
 * Measures the subjects run by run in one loop (A B C A B C …), so that a slow patch of the machine
 * falls on all of them alike, after one untimed warm-up run of each. Returns each subject's samples.
 */
export async function alternate(
  subjects: readonly Subject[],
  runs: number,
  progress?: (run: number) => void,
): Promise<Sample[][]> {
  const once = async (subject: Subject) => {
    subject.before?.();
    const sample = await measure(
      subject.args,
      subject.env,
      subject.keep === true || !!subject.check,
      subject.stdin,
    );
    subject.check?.(sample);
    return sample;
  };
  for (const subject of subjects) await once(subject);
  const samples = subjects.map((): Sample[] => []);
  for (let run = 0; run < runs; run++) {
    for (const [i, subject] of subjects.entries()) samples[i]!.push(await once(subject));
    progress?.(run + 1);
  }
  return samples;
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Median and range; NaN throughout when nothing was measured. */
export function stats(values: readonly number[]): Stats {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** Running a command as a child process and measuring it: wall time, peak RSS, output size. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
export const BIN = join(ROOT, 'dist', 'bin.js');
const RSS_PRELOAD = join(ROOT, 'bench', 'rss.mjs');

export interface Sample {
  readonly wallMs: number;
  readonly rssMiB: number;
  readonly stdoutBytes: number;
  readonly stdout: string;
  readonly code: number;
}

/** Runs `node ARGS` with `env`, and measures it. Keeps stdout when `keep` (JSON results). */
export function measure(
  args: readonly string[],
  env: Record<string, string | undefined>,
  keep = false,
): Promise<Sample> {
  const scratch = mkdtempSync(join(tmpdir(), 'aop-bench-rss-'));
  const rssFile = join(scratch, 'rss');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [`--import=${RSS_PRELOAD}`, ...args], {
      env: { ...env, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bytes = 0;
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      bytes += c.length;
      if (keep) chunks.push(c);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let rssKiB = 0;
      try {
        rssKiB = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        // The process died before its exit handler ran; the code below reports it.
      }
      rmSync(scratch, { recursive: true, force: true });
      if (code !== 0) {
        reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({
        wallMs,
        rssMiB: rssKiB / 1024,
        stdoutBytes: bytes,
        stdout: Buffer.concat(chunks).toString(),
        code: code ?? 0,
      });
    });
  });
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

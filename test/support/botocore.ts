/** Runs botocore itself, where python3 has it, as the judge of what a config file means. */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./botocore_read.py', import.meta.url));

export const hasBotocore: boolean =
  spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;

export const hasAwsCli: boolean = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;

export type BotocoreResult =
  | {
      ok: true;
      profiles: Record<string, Record<string, unknown>>;
      ssoSessions: Record<string, Record<string, unknown>>;
      services: Record<string, Record<string, unknown>>;
    }
  | { ok: false; error: string };

/** botocore's reading of each file, in one python process. */
export function botocoreRead(paths: readonly string[]): BotocoreResult[] {
  const out = execFileSync('python3', [script, ...paths], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return JSON.parse(out) as BotocoreResult[];
}

/** Opening a page in the desktop's browser. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

type Environment = Readonly<Record<string, string | undefined>>;

/** Windows Subsystem for Linux: its browser is Windows', reached through `wslview` (wslu). */
function insideWsl(env: Environment): boolean {
  if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) return true;
  try {
    return /microsoft/i.test(readFileSync('/proc/sys/kernel/osrelease', 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The program and arguments that open `url`: `$BROWSER` when set (its first entry, as a list
 * separated by `:`; `%s` in it stands for the URL, else the URL comes last), `open` on macOS,
 * `wslview` under WSL, `xdg-open` elsewhere.
 */
export function browserCommand(
  url: string,
  env: Environment,
  platform: NodeJS.Platform = process.platform,
): [command: string, args: string[]] {
  const chosen = (env.BROWSER ?? '')
    .split(':')
    .map((entry) => entry.trim())
    .find((entry) => entry !== '');
  if (chosen) {
    const [command, ...words] = chosen.split(/\s+/) as [string, ...string[]];
    const withUrl = words.some((w) => w.includes('%s'));
    return [command, withUrl ? words.map((w) => w.replaceAll('%s', url)) : [...words, url]];
  }
  if (platform === 'darwin') return ['open', [url]];
  if (platform === 'win32') return ['explorer', [url]];
  return [insideWsl(env) ? 'wslview' : 'xdg-open', [url]];
}

function start(url: string, env: Environment) {
  const [command, args] = browserCommand(url, env);
  const child = spawn(command, args, { stdio: 'ignore', detached: true, env: { ...env } });
  child.unref();
  return child;
}

/** Opens `url`; says whether it tried (a machine without a desktop may still have no browser). */
export function openBrowser(url: string, env: Environment = process.env): boolean {
  try {
    start(url, env).on('error', () => undefined);
    return true;
  } catch {
    return false;
  }
}

/** Opens `url`; resolves whether the browser program started (not whether a page showed). */
export function launchBrowser(url: string, env: Environment = process.env): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const child = start(url, env);
      child.once('spawn', () => resolve(true));
      child.once('error', () => resolve(false));
    } catch {
      resolve(false);
    }
  });
}

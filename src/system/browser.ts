/** Opening a page in the desktop's browser. */
import { spawn } from 'node:child_process';

/** Opens `url`; says whether it tried (a machine without a desktop may still have no browser). */
export function openBrowser(url: string): boolean {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

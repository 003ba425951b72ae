/**
 * The CLI's reporter: what a use case reports, shown on stderr (stdout is for results). A line per
 * API call with --debug, a progress line while discovery runs on a terminal, the sign-in page to
 * open. A command that shows more (each run's output, the demo's steps) handles those notices
 * itself.
 */
import type { Notice, Runtime } from '../app/runtime.js';
import { styleFor, useColor, warn, type Io } from './io.js';
import { progressLine } from './progress-line.js';

/** A command's own handling of the notices it shows. */
export type NoticeHandler = (notice: Notice) => void;

export function cliRuntime(io: Io, handle?: NoticeHandler): Runtime {
  const progress = progressLine(io, !io.debug);
  return {
    env: io.env,
    cwd: io.cwd,
    now: io.now,
    reporter: {
      notify(notice) {
        switch (notice.kind) {
          case 'debug':
            if (io.debug) io.stderr.write(`debug: ${notice.text}\n`);
            return;
          case 'warning':
            warn(io, notice.text);
            return;
          case 'discovery': {
            const p = notice.progress;
            progress.update(
              `Discovering: ${p.accounts} accounts${p.listingDone ? '' : '…'}, roles read for ${p.rolesDone}/${p.accountsInScope}` +
                (notice.throttled > 0 ? `, paced after ${notice.throttled} throttled requests` : ''),
            );
            return;
          }
          case 'discovery-done':
            progress.done();
            return;
          case 'sign-in-page':
            io.stderr.write(
              `${notice.browserOpened ? 'A browser window should open. If it does not, open' : 'Open'} this page to sign in to sso-session ${notice.session}:\n\n  ${notice.url}\n\n` +
                (notice.userCode
                  ? `and check that it shows the code ${styleFor(useColor(io, io.stderr)).bold(notice.userCode)}.\n`
                  : '') +
                'Waiting for the sign-in…\n',
            );
            return;
          default:
            handle?.(notice);
        }
      },
    },
  };
}

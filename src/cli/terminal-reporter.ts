/**
 * The CLI's reporter: what a use case reports, shown on stderr (stdout is for results). A line per
 * API call with --debug, a progress line while discovery runs on a terminal, the sign-in page to
 * open. A command that shows more (each run's output, the demo's steps) handles those notices
 * itself.
 */
import type { Notice, Runtime } from '../app/runtime.js';
import { styleFor, useColor, warn, type Io } from './io.js';
import { formatDuration, progressLine, type Progress } from './progress-line.js';

/** A command's own handling of the notices it shows. */
export type NoticeHandler = (notice: Notice) => void;

type DiscoveryProgress = Extract<Notice, { kind: 'discovery' }>['progress'];

export interface CliRuntime extends Runtime {
  /** Discovery has ended (or failed): what follows is the config's part of a sync. */
  readonly discoveryEnded: boolean;
  /** Removes the progress line, if shown, so that a message of the command's own can take its row. */
  clearProgress(): void;
}

/** The pace of the last this-many milliseconds tells the time left. */
const PACE_WINDOW_MS = 10_000;
/** No estimate from less than this: the first answers come in a burst. */
const MIN_PACE_MS = 1_000;

/** Discovery on the progress line: what is done, the time left once the pace is known, the time so far. */
function discoveryLine(io: Io, progress: Progress) {
  let started: number | undefined;
  let samples: { at: number; done: number }[] = [];
  let last: { p: DiscoveryProgress; throttled: number } | undefined;
  const throttledText = (n: number) => `paced after ${n} throttled request${n === 1 ? '' : 's'}`;
  return {
    update(p: DiscoveryProgress, throttled: number) {
      const at = io.now().getTime();
      started ??= at;
      last = { p, throttled };
      samples.push({ at, done: p.rolesDone });
      // Keep one sample older than the window, so that the window is always covered.
      while (samples.length > 2 && at - samples[1]!.at >= PACE_WINDOW_MS) samples = samples.slice(1);
      const first = samples[0]!;
      const span = at - first.at;
      const doneInSpan = p.rolesDone - first.done;
      const parts = [
        `Discovering: ${p.accounts} accounts${p.listingDone ? '' : '…'}, roles read for ${p.rolesDone}/${p.accountsInScope}`,
      ];
      // The number of accounts is only known once the listing is done.
      if (p.listingDone && span >= MIN_PACE_MS && doneInSpan > 0 && p.rolesDone < p.accountsInScope) {
        const left = ((p.accountsInScope - p.rolesDone) * span) / doneInSpan;
        parts.push(`about ${formatDuration(Math.max(left, 1000))} left`);
      }
      if (at - started >= 1000) parts.push(`${formatDuration(at - started)} elapsed`);
      if (throttled > 0) parts.push(throttledText(throttled));
      progress.update(parts);
    },
    done() {
      const complete = last?.p.listingDone === true && last.p.rolesDone === last.p.accountsInScope;
      if (!last || !complete || started === undefined) {
        progress.done();
        return;
      }
      progress.done(
        `Discovered ${last.p.accounts} accounts and the roles of ${last.p.rolesDone} in ` +
          `${formatDuration(io.now().getTime() - started)}` +
          `${last.throttled > 0 ? `, ${throttledText(last.throttled)}` : ''}.`,
      );
    },
  };
}

export function cliRuntime(io: Io, handle?: NoticeHandler): CliRuntime {
  const progress = progressLine(io, !io.debug);
  const discovery = discoveryLine(io, progress);
  let discoveryEnded = false;
  return {
    env: io.env,
    cwd: io.cwd,
    now: io.now,
    get discoveryEnded() {
      return discoveryEnded;
    },
    clearProgress: () => progress.clear(),
    reporter: {
      notify(notice) {
        switch (notice.kind) {
          case 'debug':
            if (io.debug) io.stderr.write(`debug: ${notice.text}\n`);
            return;
          case 'warning':
            warn(io, notice.text);
            return;
          case 'discovery':
            discovery.update(notice.progress, notice.throttled);
            return;
          case 'discovery-done':
            discoveryEnded = true;
            discovery.done();
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

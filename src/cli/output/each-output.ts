/** How `each` shows its runs: prefixed lines as each run ends, JSON lines, or one JSON document; and a summary. */
import type { EachResult, RunResult } from '../../app/fan-out.js';
import { displayWidth, padToWidth } from '../../core/display-width.js';
import { fillPlaceholders } from '../../core/fan-out-rules.js';
import { signInCommand } from '../../core/sign-in.js';
import { escapeControls, jsonText } from '../../core/untrusted-text.js';
import { printJson, styleFor, useColor, type Io } from '../io.js';

export type EachFormat = 'text' | 'json' | 'jsonl';

function prefixed(prefix: string, text: string): string {
  if (text === '') return '';
  const lines = text.replace(/\n$/, '').split('\n');
  return `${lines.map((l) => `${prefix}${l}`).join('\n')}\n`;
}

/** Shows each run as it ends; the lines of one run stay together. */
export function runPrinter(
  io: Io,
  format: EachFormat,
): { start(profiles: readonly string[]): void; run(r: RunResult): void } {
  const s = styleFor(useColor(io, io.stdout));
  let width = 0;
  return {
    start(profiles) {
      width = profiles.reduce((w, p) => Math.max(w, displayWidth(escapeControls(p))), 0);
    },
    run(result) {
      if (format === 'jsonl') io.stdout.write(`${jsonText({ version: 1, ...result })}\n`);
      if (format !== 'text') return;
      const name = padToWidth(escapeControls(result.profile), width);
      const tag = `${result.ok ? s.cyan(name) : s.red(name)} | `;
      const out = typeof result.stdout === 'string' ? result.stdout : `${jsonText(result.stdout, 2)}\n`;
      io.stdout.write(prefixed(tag, out));
      io.stderr.write(prefixed(tag, result.stderr));
    },
  };
}

/** `--dry-run`: the selection, and the command each profile would run. */
export function printDryRun(io: Io, result: EachResult): void {
  const s = styleFor(useColor(io, io.stdout));
  const n = result.selected.length;
  io.stdout.write(`${n} profile${n === 1 ? '' : 's'} selected:\n`);
  for (const p of result.selected) {
    const filled = result.command.map((a) => fillPlaceholders(a, p)).join(' ');
    io.stdout.write(
      `  ${escapeControls(p.profile)}  ${s.dim(`AWS_PROFILE=${escapeControls(p.profile)} ${escapeControls(filled)}`)}\n`,
    );
  }
}

const FAILURES: Record<Exclude<NonNullable<RunResult['failure']>, 'auth'>, string> = {
  exit: 'exited with an error',
  timeout: 'timed out',
  signal: 'were stopped by a signal',
  spawn: 'could not start',
};

/** The result document of `--json`, and the summary on stderr. */
export function printEachResult(io: Io, result: EachResult, format: EachFormat): void {
  if (format === 'json') {
    printJson(io, { version: 1, command: result.command, summary: result.summary, results: result.runs });
  }
  const s = styleFor(useColor(io, io.stderr));
  const { summary, stopped } = result;
  const parts = [`${summary.succeeded} succeeded`, `${summary.failed} failed`];
  if (summary.skipped > 0) {
    parts.push(
      `${summary.skipped} not run (${stopped === 'interrupt' ? 'interrupted' : 'stopped after the first failure'})`,
    );
  }
  io.stderr.write(`${s.bold('each:')} ${parts.join(', ')}.\n`);
  const failed = result.runs.filter((r) => !r.ok);
  const auth = failed.filter((r) => r.failure === 'auth');
  if (auth.length > 0) {
    const sessions = [
      ...new Set(auth.map((r) => result.selected.find((p) => p.profile === r.profile)?.ssoSession)),
    ];
    const named = sessions.filter((x): x is string => typeof x === 'string');
    io.stderr.write(
      `  ${auth.length} failed because the SSO sign-in expired or is missing. Sign in again with: ${signInCommand(named.length === 1 ? named[0]! : 'NAME')}\n`,
    );
  }
  for (const reason of ['exit', 'timeout', 'signal', 'spawn'] as const) {
    const list = failed.filter((r) => r.failure === reason);
    if (list.length === 0) continue;
    io.stderr.write(
      `  ${list.length} ${FAILURES[reason]}: ${list.map((r) => escapeControls(r.profile) + (r.exitCode !== null && reason === 'exit' ? ` (${r.exitCode})` : '')).join(', ')}\n`,
    );
  }
}

/** 0 when every run succeeded; 130 after an interrupt; 1 otherwise. */
export function eachExitCode(result: EachResult): number {
  if (result.stopped === 'interrupt') return 130;
  return result.summary.failed === 0 && result.summary.skipped === 0 ? 0 : 1;
}

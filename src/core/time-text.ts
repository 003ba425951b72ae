/**
 * How a moment is shown to people in text output: one format everywhere (the agent context,
 * doctor, login, errors). `--json` keeps ISO 8601.
 */

/** `2026-11-25 17:12 UTC`: to the minute, in UTC, so that it reads the same on every machine. */
export function humanTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The table of profiles in the agent context, and the arithmetic of its room. */
import { bytes, cell, type Budget } from './context-cell.js';
import { byProfileName, type ProfileRecord } from './profile-record.js';

/** One profile as a table row; `mark` follows the account (a production mark). */
export function row(p: ProfileRecord, mark = ''): string {
  return `| ${cell(p.profile, Infinity)} | ${cell(p.accountName) || cell(p.source)}${mark} | ${cell(p.accountId)} | ${cell(p.role) || cell(p.roleArn ?? null, 80)} | ${cell(p.region)} |`;
}

export const TABLE_HEAD = ['| profile | account | account id | role | region |', '|---|---|---|---|---|'];

/** Adds lines while they fit in `budget`; returns how many fitted. */
export function fill(out: string[], lines: readonly string[], budget: Budget): number {
  let n = 0;
  for (const line of lines) {
    if (!budget.take(line)) break;
    out.push(line);
    n++;
  }
  return n;
}

export const cost = (lines: readonly string[]) => lines.reduce((n, line) => n + bytes(line) + 1, 0);

/** Whether a table of every profile may fit: each row holds at least the profile's name. */
export function tableFits(profiles: readonly ProfileRecord[], budget: Budget): boolean {
  let least = 0;
  for (const p of profiles) {
    least += p.profile.length + 17;
    if (least > budget.left) return false;
  }
  return true;
}

/** Hand-made profiles first, then generated ones; by name within each. */
export const byProfile = (a: ProfileRecord, b: ProfileRecord) =>
  a.generated === b.generated ? byProfileName(a, b) : a.generated ? 1 : -1;

/** How generated profiles are named, as the table's heading says it. */
export const NAMING =
  'Generated profiles are named `<sso-session>-<account name>-<role>`: the account name lower-cased, spaces and other characters as `-`, and the account id added where two accounts share a name.';

/** How `list` shows profiles: a table, or one JSON document. */
import { cutToWidth, displayWidth, padToWidth } from '../../core/display-width.js';
import { profileJson, type ProfileRecord } from '../../core/profile-record.js';
import { escapeControls } from '../../core/untrusted-text.js';
import { printJson, styleFor, useColor, type Io } from '../io.js';

/** The widest a value other than the profile name is shown in the table. */
const MAX_CELL = 60;

export function listJson(profiles: readonly ProfileRecord[]) {
  return { version: 1, profiles: profiles.map(profileJson) };
}

export function printList(io: Io, selected: readonly ProfileRecord[], total: number, json: boolean): void {
  if (json) {
    printJson(io, listJson(selected));
    return;
  }
  if (selected.length === 0) {
    io.stderr.write(total === 0 ? 'No profiles in the config.\n' : 'No profile matches.\n');
    return;
  }
  const s = styleFor(useColor(io, io.stdout));
  // Names come from the config, and from the portal before that: no character may act on the terminal.
  // Columns line up by display width; a profile name is never cut (it is what --profile takes),
  // any other value at MAX_CELL columns (--json has it whole).
  // The OU column only where the org cache placed some listed profile; unknown is left blank.
  const withOu = selected.some((p) => p.ouPath !== undefined);
  const rows = selected.map((p) =>
    [
      p.profile,
      p.accountName ?? '',
      p.accountId ?? '',
      ...(withOu ? [p.ouPath ?? ''] : []),
      p.role ?? (p.roleArn ? p.roleArn.replace(/^arn:[^:]+:iam::\d+:role\//, 'role/') : ''),
      p.region ?? '',
      p.ssoSession ?? p.source,
    ].map((cell, i) => (i === 0 ? escapeControls(cell) : cutToWidth(escapeControls(cell), MAX_CELL))),
  );
  const header = [
    'PROFILE',
    'ACCOUNT',
    'ACCOUNT ID',
    ...(withOu ? ['OU'] : []),
    'ROLE',
    'REGION',
    'SESSION/SOURCE',
  ];
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, displayWidth(r[i]!)), h.length));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => padToWidth(c, widths[i]!))
      .join('  ')
      .trimEnd();
  const out: string[] = [s.bold(line(header))];
  for (const row of rows) out.push(line(row));
  io.stdout.write(`${out.join('\n')}\n`);
}

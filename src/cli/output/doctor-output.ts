/** How `doctor` shows its findings: one line each with its fix, or one JSON document. */
import type { DoctorReport } from '../../app/doctor.js';
import { printJson, styleFor, tildifyText, useColor, type Io } from '../io.js';

export function printDoctorReport(io: Io, report: DoctorReport, json: boolean): void {
  const { findings, errors, warnings } = report;
  if (json) {
    printJson(io, { version: 1, ok: errors === 0, errors, warnings, findings });
    return;
  }
  const s = styleFor(useColor(io, io.stdout));
  const mark = { ok: s.green('ok   '), warn: s.yellow('warn '), error: s.red('error') };
  for (const f of findings) {
    io.stdout.write(`${mark[f.severity]} ${s.bold(f.check)}: ${tildifyText(io, f.message)}\n`);
    if (f.fix && f.severity !== 'ok') io.stdout.write(`      fix: ${f.fix}\n`);
  }
  io.stdout.write(
    `\n${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.\n`,
  );
}

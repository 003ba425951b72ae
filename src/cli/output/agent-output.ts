/** How `agent install` and `agent uninstall` show what they did. */
import type { AgentAction, AgentResult } from '../../app/agent-install.js';
import { HOST_NAMES, startHint } from '../../core/agent-definition.js';
import { escapeControls } from '../../core/untrusted-text.js';
import { printJson, styleFor, tildify, useColor, type Io } from '../io.js';

/** Prints the result; the exit code: 1 when a file was left alone, 0 otherwise. */
export function printAgentResult(
  io: Io,
  command: 'install' | 'uninstall',
  result: AgentResult,
  json: boolean,
): number {
  const { changes, dryRun, name } = result;
  if (command === 'uninstall' && changes.length === 0) {
    io.stderr.write(`Nothing installed by aws-org-profiles was found for agent ${name}.\n`);
  }
  if (json) {
    printJson(io, {
      version: 1,
      command: `agent ${command}`,
      dryRun,
      ...(result.permissive ? { permissive: true, givesUp: result.givesUp } : {}),
      ...(result.kiro ? { kiro: result.kiro } : {}),
      results: changes,
    });
  } else {
    const s = styleFor(useColor(io, io.stdout));
    const verb: Record<AgentAction, string> = {
      created: dryRun ? 'would create' : 'created',
      updated: dryRun ? 'would update' : 'updated',
      unchanged: 'up to date',
      refused: 'left alone',
      removed: dryRun ? 'would remove' : 'removed',
      absent: 'nothing to remove',
    };
    for (const r of changes) {
      const agentFile = r.file === 'agent';
      const hint =
        command === 'install' && r.action !== 'refused' && agentFile ? `; ${startHint(r.target, name)}` : '';
      const path = escapeControls(tildify(io, r.path));
      const what = r.hookOnly ? `our hooks and rules from ${path}` : path;
      const host = agentFile ? HOST_NAMES[r.target] : `${HOST_NAMES[r.target]} 3`;
      io.stdout.write(
        `${s.bold(host)}: ${verb[r.action]} ${what}${r.reason ? ` (${r.reason})` : ''}${hint}\n`,
      );
      if (r.diff && (dryRun || r.action === 'refused')) {
        // The lines come from files anyone may have written: nothing in them acts on the terminal.
        for (const line of r.diff.map((l) => escapeControls(l))) {
          io.stdout.write(
            `    ${line.startsWith('+') ? s.green(line) : line.startsWith('-') ? s.red(line) : s.dim(line)}\n`,
          );
        }
      }
    }
  }
  if (result.permissive) io.stderr.write(`--permissive: ${(result.givesUp ?? []).join(' ')}\n`);
  if (result.kiro?.how === 'detected' && result.kiro.format !== 'v2') {
    io.stderr.write(
      `Kiro CLI ${result.kiro.version ?? '3'} found: its hooks file and permission rules were written too.\n`,
    );
  }
  const yours = changes.filter((r) => r.action === 'refused' && r.file === 'kiro-permissions');
  for (const r of yours) {
    io.stderr.write(
      `${escapeControls(tildify(io, r.path))} holds your own rules: add the rules shown above to it by hand (--force does not overwrite it).\n`,
    );
  }
  const refused = changes.filter((r) => r.action === 'refused').length - yours.length;
  if (refused === 0) return yours.length > 0 ? 1 : 0;
  io.stderr.write(
    command === 'install'
      ? `${refused} file${refused === 1 ? ' was' : 's were'} left alone; the diff above shows what would change. Run again with --force to overwrite.\n`
      : `${refused} file${refused === 1 ? ' was' : 's were'} left alone. Run again with --force to remove ${refused === 1 ? 'it' : 'them'}.\n`,
  );
  return 1;
}

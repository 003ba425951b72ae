/** How `emulator` and `demo` show themselves: the endpoint and its variables, and the demo's steps as they run. */
import type { DemoResult } from '../../app/demo.js';
import type { RunningEmulator } from '../../app/emulator.js';
import type { Notice } from '../../app/runtime.js';
import { shellQuote } from '../../core/shell.js';
import { printJson, styleFor, tildify, useColor, type Io } from '../io.js';

/** The `export` lines on stdout (for `eval`), the rest on stderr; or one JSON document. */
export function printEmulator(io: Io, running: RunningEmulator, json: boolean): void {
  const { emulator, org, env, signedIn } = running;
  if (json) {
    printJson(io, {
      version: 1,
      url: emulator.url,
      accounts: org.accounts.length,
      env,
      ...(signedIn
        ? { ssoSession: signedIn.session, configFile: signedIn.configFile, tokenFile: signedIn.tokenFile }
        : {}),
    });
    return;
  }
  for (const [k, v] of Object.entries(env)) io.stdout.write(`export ${k}=${v}\n`);
  io.stderr.write(`Identity Center emulator on ${emulator.url} with ${org.accounts.length} accounts.\n`);
  if (signedIn) {
    io.stderr.write(
      `Signed in as sso-session ${signedIn.session}: ${tildify(io, signedIn.configFile)}, token in ${tildify(io, signedIn.tokenFile)}.\n`,
    );
  }
  io.stderr.write('Press Ctrl-C to stop.\n');
}

/** The demo's steps and their output, as the demo reports them. */
export function demoPrinter(io: Io): (notice: Notice) => void {
  const style = styleFor(useColor(io, io.stdout));
  return (notice) => {
    if (notice.kind !== 'demo') return;
    const e = notice.event;
    if (e.step === 'start') {
      io.stdout.write(
        `${style.bold('aws-org-profiles demo')}: an emulated IAM Identity Center on ${e.url} with ` +
          `${e.accounts} accounts (pages of 10, 50 requests/s, 5% injected faults).\n` +
          `HOME=${e.home} holds a config with your own settings and a signed-in [sso-session myorg].\n`,
      );
    } else if (e.step === 'command') {
      io.stdout.write(
        `\n${style.bold(`# ${e.title}`)}\n${style.cyan(`$ ${e.command.map(shellQuote).join(' ')}`)}\n`,
      );
    } else if (e.step === 'output') {
      (e.stream === 'stdout' ? io.stdout : io.stderr).write(e.text);
    } else {
      io.stdout.write(`\n${style.bold('# The start of ~/.aws/config: your settings first, untouched')}\n`);
      io.stdout.write(`${e.lines.join('\n')}\n…\n`);
    }
  };
}

export function printDemoEnd(io: Io, result: DemoResult): void {
  const style = styleFor(useColor(io, io.stdout));
  if (result.code === 0) {
    io.stdout.write(
      `\n${style.bold('Done.')} The emulator answered ${result.requests} requests, ` +
        `${result.throttled} of them throttled and ${result.faults} failed on purpose; every run survived them.\n`,
    );
  }
  if (result.home) io.stdout.write(`The demo HOME is kept at ${result.home}\n`);
}

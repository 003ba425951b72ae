/**
 * How `console` shows what it did. The login URL is a bearer link: it goes to stdout only when
 * asked for (`--url`), and the line naming the account and role then goes to stderr, so that
 * stdout holds the URL alone.
 */
import type { ConsoleResult } from '../../app/console.js';
import { escapeControls } from '../../core/untrusted-text.js';
import { printJson, type Io } from '../io.js';

function whose(result: ConsoleResult): string {
  const name = result.accountName === null ? '' : ` (${escapeControls(result.accountName)})`;
  return `account ${result.accountId}${name} as ${escapeControls(result.role)} in ${result.region}, profile ${escapeControls(result.profile)}`;
}

export function printConsole(io: Io, result: ConsoleResult, json: boolean): void {
  if (json) {
    printJson(io, {
      version: 1,
      profile: result.profile,
      accountId: result.accountId,
      ...(result.accountName === null ? {} : { accountName: result.accountName }),
      role: result.role,
      region: result.region,
      destination: result.destination,
      opened: result.opened,
      ...(result.url ? { url: result.url.reveal() } : {}),
    });
    return;
  }
  if (result.url) {
    io.stderr.write(
      `Console sign-in URL for ${whose(result)}: a bearer link, good for about 15 minutes; anyone who has it can use the console as this role.\n`,
    );
    io.stdout.write(`${result.url.reveal()}\n`);
    return;
  }
  io.stdout.write(`Opened the AWS console in ${whose(result)}.\n`);
}

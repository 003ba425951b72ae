#!/usr/bin/env node
import { systemIo } from './cli/io.js';

// The AWS SDK warns on every run under Node 20 that its releases after January 2027 will need
// Node 22. That is news for whoever upgrades our dependencies, not for someone listing profiles,
// and agents read stderr too. Drop just that warning, without touching the environment that
// child processes inherit.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (text.startsWith('NodeVersionSupportWarning')) return;
  Reflect.apply(emitWarning, process, [warning, ...rest]);
};

const argv = process.argv.slice(2);
// The agent hook runs `context` every time an agent starts: skip the argument-parsing library.
if (argv[0] === 'context' && !argv.some((a) => a === '-h' || a === '--help' || a === '--debug')) {
  const { contextFromArgv } = await import('./cli/context.js');
  process.exitCode = await contextFromArgv(systemIo(false), argv.slice(1));
} else {
  const { main } = await import('./cli/main.js');
  process.exitCode = await main(argv, systemIo);
}

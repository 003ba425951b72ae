#!/usr/bin/env node
import { systemIo } from './cli/io.js';
import { main } from './cli/main.js';

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

process.exitCode = await main(process.argv.slice(2), systemIo);

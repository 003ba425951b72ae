/** The user's AWS CLI aliases (`~/.aws/cli/alias`), which may run shell commands. */
import { join } from 'node:path';
import { parseAliasNames, NO_ALIASES, type AliasNames } from '../core/aws-cli-args.js';
import { AppError } from '../core/errors.js';
import type { Env } from '../core/model.js';
import { readRegularText } from '../files/read.js';
import { homeDir } from './paths.js';

/**
 * The alias names, from the file the AWS CLI reads. A file that exists but cannot be read leaves
 * us unable to tell an alias from a service: that is an error, not "no aliases".
 */
export function readAliasNames(env: Env): AliasNames {
  const path = join(homeDir(env), '.aws', 'cli', 'alias');
  let text: string;
  try {
    text = readRegularText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NO_ALIASES;
    const why = `cannot read ${path}, so AWS CLI aliases cannot be told apart from commands`;
    throw new AppError('CONFIG_IO', why, { cause: error });
  }
  return parseAliasNames(text);
}

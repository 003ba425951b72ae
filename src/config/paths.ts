/** Where the AWS config lives, as the AWS CLI finds it. Cheap to import: the agent hook needs it. */
import { join } from 'node:path';
import { AppError } from '../core/errors.js';
import type { Env } from '../core/model.js';

export function homeDir(env: Env): string {
  const home = env.HOME ?? env.USERPROFILE;
  if (!home) throw new AppError('CONFIG_IO', 'HOME is not set, so the AWS config file cannot be found.');
  return home;
}

function expandHome(path: string, env: Env): string {
  return path === '~' || path.startsWith('~/') ? join(homeDir(env), path.slice(1)) : path;
}

/** `AWS_CONFIG_FILE`, or `~/.aws/config`, as the AWS CLI finds it. */
export function configFilePath(env: Env): string {
  const configured = env.AWS_CONFIG_FILE;
  return configured ? expandHome(configured, env) : join(homeDir(env), '.aws', 'config');
}

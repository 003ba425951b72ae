// Loaded with --import by tests of the agent hook path: importing the AWS SDK or the argument
// parser there is a failure, because it would slow down every agent start.
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  if (/(^|\\/)(@aws-sdk|@smithy|commander)(\\/|$)/.test(specifier)) {
    throw new Error('forbidden import on the agent hook path: ' + specifier);
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

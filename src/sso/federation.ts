/**
 * The AWS sign-in federation endpoint: role credentials in, a SigninToken out. Plain HTTPS GET
 * (no SDK models it), with a deadline on the whole exchange and a cap on the answer's size. The
 * request's query holds the credentials, so neither the URL nor the answer ever reaches an error
 * message or a debug line: only the host and the status do.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isPlainToken, signinTokenUrl, type FederationSession } from '../core/console-url.js';
import { AppError } from '../core/errors.js';
import { Secret } from '../core/secret.js';
import { version } from '../version.js';
import { formatSeconds, RequestTimeoutError } from './failures.js';

/** A SigninToken is about a kilobyte; an answer many times that is not the sign-in endpoint. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface SigninTokenRequest {
  readonly base: string;
  readonly session: FederationSession;
  readonly durationSeconds?: number;
  readonly timeoutMs: number;
  readonly debug?: (line: string) => void;
}

/** No cause is kept: nothing that saw the request's URL may reach a --debug stack trace. */
function failed(host: string, what: string, hint?: string): AppError {
  return new AppError('FEDERATION_FAILED', `the sign-in endpoint ${host} ${what}`, {
    hint:
      hint ?? 'Run again in a moment; if it keeps failing, check the network and AWS_ENDPOINT_URL_SIGNIN.',
  });
}

/** The answer's status and body, read to its end within the deadline and the size cap. */
function get(url: URL, timeoutMs: number): Promise<{ status: number; body: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': `aws-org-profiles/${version()}` },
    });
    const timer = setTimeout(
      () => req.destroy(new RequestTimeoutError('GetSigninToken', timeoutMs)),
      timeoutMs,
    );
    req.once('close', () => clearTimeout(timer));
    req.once('error', reject);
    req.once('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) req.destroy(new RangeError(`an answer over ${MAX_ANSWER_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.once('error', reject);
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.end();
  });
}

/** Exchanges role credentials for a SigninToken (a Secret: with it, anyone can open the console). */
export async function getSigninToken(input: SigninTokenRequest): Promise<Secret> {
  const url = new URL(signinTokenUrl(input.base, input.session, input.durationSeconds));
  const host = url.host;
  const started = Date.now();
  let answer: { status: number; body: string };
  try {
    answer = await get(url, input.timeoutMs);
  } catch (error) {
    const e = error as { code?: unknown; name?: unknown; message?: unknown };
    const why =
      e.name === 'TimeoutError'
        ? `did not answer within ${formatSeconds(input.timeoutMs)}`
        : error instanceof RangeError
          ? `sent ${error.message}, which the sign-in endpoint does not send`
          : `could not be reached${typeof e.code === 'string' ? ` (${e.code})` : ''}`;
    input.debug?.(`GetSigninToken ${host}: failed after ${Date.now() - started} ms`);
    throw failed(host, why);
  }
  input.debug?.(
    `GetSigninToken ${host}: HTTP ${answer.status}, ${Buffer.byteLength(answer.body)} bytes, ${Date.now() - started} ms`,
  );
  if (answer.status !== 200) {
    // The body is the server's (hostile, and it may echo the request): only the status is shown.
    const refused = answer.status === 400 || answer.status === 401 || answer.status === 403;
    throw failed(
      host,
      `refused the role credentials (HTTP ${answer.status})`,
      refused
        ? input.durationSeconds === undefined
          ? 'The role credentials may have expired or been revoked: run the command again.'
          : `Try without --duration: the role may not allow a session of ${input.durationSeconds} s.`
        : undefined,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    throw failed(host, 'sent an answer that is not JSON (HTTP 200)');
  }
  const token = (parsed as { SigninToken?: unknown } | null)?.SigninToken;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !isPlainToken(token)) {
    throw failed(host, 'sent an answer without a usable SigninToken (HTTP 200)');
  }
  return new Secret(token);
}

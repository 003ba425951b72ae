/**
 * AWS Signature Version 4, checked for real: the canonical request rebuilt from what arrived, the
 * string to sign, the signing key derived from the secret the emulator issued with the access key.
 * Any region is accepted: a client pointed at a custom endpoint signs for its own region.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { header, type RequestContext } from './router.js';
import type { IssuedCredentials } from './state.js';

export type SigV4Failure =
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException'
  | 'ExpiredTokenException';

export type SigV4Result =
  { ok: true; credentials: IssuedCredentials } | { ok: false; error: SigV4Failure; message: string };

const AUTH = /^AWS4-HMAC-SHA256 (.+)$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** How far a request's time may be from the server's, as AWS allows. */
const MAX_SKEW_MS = 15 * 60 * 1000;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 percent-encoding, as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function canonicalRequest(ctx: RequestContext, signedHeaders: string[], payloadHash: string): string {
  // Services other than S3 encode each path segment twice: once for the URL, once for the signature.
  const path = ctx.path
    .split('/')
    .map((s) => uriEncode(uriEncode(decoded(s))))
    .join('/');
  const query = [...ctx.query]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signedHeaders.map((name) => {
    const raw = ctx.headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  });
  return [ctx.method, path || '/', query, headers.join(''), signedHeaders.join(';'), payloadHash].join('\n');
}

function parseAuthorization(value: string): Record<string, string> | undefined {
  const m = AUTH.exec(value);
  if (!m) return undefined;
  const parts: Record<string, string> = {};
  for (const part of m[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return parts;
}

/** Checks the request's SigV4 signature for `service` against the credentials `lookup` knows. */
export function verifySigV4(
  ctx: RequestContext,
  service: string,
  lookup: (accessKeyId: string) => IssuedCredentials | undefined,
): SigV4Result {
  const fail = (error: SigV4Failure, message: string): SigV4Result => ({ ok: false, error, message });
  const authorization = header(ctx, 'authorization');
  if (authorization === undefined) {
    return fail('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
  }
  const parts = parseAuthorization(authorization);
  const credential = parts?.Credential?.split('/');
  const signedHeaders = parts?.SignedHeaders?.split(';');
  const signature = parts?.Signature;
  const amzDate = header(ctx, 'x-amz-date') ?? '';
  const time = AMZ_DATE.exec(amzDate);
  if (!credential || credential.length !== 5 || !signedHeaders || !signature || !time) {
    return fail(
      'IncompleteSignatureException',
      'Authorization header requires Credential, SignedHeaders and Signature, and X-Amz-Date is required',
    );
  }
  const [keyId, date, region, scopeService, terminator] = credential as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (scopeService !== service || terminator !== 'aws4_request' || date !== amzDate.slice(0, 8)) {
    return fail('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);
  }
  if (!signedHeaders.includes('host') || signedHeaders.some((h) => h !== h.toLowerCase())) {
    return fail('InvalidSignatureException', "'Host' must be a signed header.");
  }
  const issued = lookup(keyId);
  if (!issued || header(ctx, 'x-amz-security-token') !== issued.sessionToken) {
    return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  const [y, mo, d, h, mi, s] = time.slice(1).map(Number);
  const signedAt = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
  if (Math.abs(ctx.now - signedAt) > MAX_SKEW_MS) {
    return fail(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is not within 15 minutes of now.`,
    );
  }
  // The body that arrived, whatever a x-amz-content-sha256 header claims: a tampered body fails.
  const payloadHash = sha256(Buffer.from(ctx.body, 'utf8'));
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    sha256(canonicalRequest(ctx, signedHeaders, payloadHash)),
  ].join('\n');
  let key = hmac(`AWS4${issued.secretAccessKey}`, date);
  for (const step of [region, service, 'aws4_request']) key = hmac(key, step);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return fail(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  if (issued.expiration <= ctx.now) {
    return fail('ExpiredTokenException', 'The security token included in the request is expired');
  }
  return { ok: true, credentials: issued };
}

import { escapeXml, jsonReply, type Reply } from './error-replies.js';

/**
 * SSO-OIDC error shapes (botocore's sso-oidc model): the HTTP status of each and the OAuth code
 * the service puts in the body's `error` member.
 */
export const OIDC_ERRORS = {
  InvalidRequestException: { status: 400, code: 'invalid_request' },
  InvalidClientException: { status: 401, code: 'invalid_client' },
  InvalidClientMetadataException: { status: 400, code: 'invalid_client_metadata' },
  InvalidRedirectUriException: { status: 400, code: 'invalid_redirect_uri' },
  InvalidGrantException: { status: 400, code: 'invalid_grant' },
  UnsupportedGrantTypeException: { status: 400, code: 'unsupported_grant_type' },
  AuthorizationPendingException: { status: 400, code: 'authorization_pending' },
  SlowDownException: { status: 400, code: 'slow_down' },
  ExpiredTokenException: { status: 400, code: 'expired_token' },
  AccessDeniedException: { status: 400, code: 'access_denied' },
  InternalServerException: { status: 500, code: 'server_error' },
} as const;

export type OidcErrorName = keyof typeof OIDC_ERRORS;

/**
 * The error shapes have no `message` member, only `error` and `error_description`; both SDKs take
 * the exception type from `x-amzn-errortype` (the body has no `__type` to fall back on).
 */
export function oidcError(name: OidcErrorName, description: string): Reply {
  const { status, code } = OIDC_ERRORS[name];
  const reply = jsonReply(status, { error: code, error_description: description });
  reply.headers['x-amzn-errortype'] = name;
  return reply;
}

/** The pages a browser sees on /device and /authorize. */
export function htmlPage(status: number, title: string, paragraphs: string[], extra = ''): Reply {
  const body =
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>\n` +
    `<body><h1>${escapeXml(title)}</h1>\n` +
    paragraphs.map((p) => `<p>${escapeXml(p)}</p>\n`).join('') +
    `${extra}</body></html>\n`;
  return {
    status,
    // A page that approves a sign-in must never be served from a cache.
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body,
  };
}

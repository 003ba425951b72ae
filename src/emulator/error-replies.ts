/** What a handler answers; the server adds the request id, the latency and the bookkeeping. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Set when the emulator answered this way on purpose; counted apart in the stats. */
  injected?: 'throttled' | 'fault';
}

/** Portal (rest-json) error types and the status each one travels with. */
export const PORTAL_ERRORS = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  TooManyRequestsException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
} as const;

export type PortalErrorName = keyof typeof PORTAL_ERRORS;

export function jsonReply(status: number, body: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * Both SDKs read the type from `x-amzn-errortype` first and fall back to `__type` in the body,
 * so the emulator sends both; a client that only handles one of them still passes.
 */
export function portalError(name: PortalErrorName, message: string): Reply {
  const reply = jsonReply(PORTAL_ERRORS[name], { __type: name, message });
  reply.headers['x-amzn-errortype'] = name;
  return reply;
}

const xmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c);
}

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The awsQuery error document that botocore's QueryParser and the JS SDK's AwsQueryProtocol read. */
export function stsError(status: number, code: string, message: string, requestId: string): Reply {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${STS_NAMESPACE}">\n` +
    `  <Error>\n    <Type>${type}</Type>\n    <Code>${escapeXml(code)}</Code>\n` +
    `    <Message>${escapeXml(message)}</Message>\n  </Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
  return { status, headers: { 'content-type': 'text/xml' }, body };
}

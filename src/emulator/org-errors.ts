import type { Reply } from './error-replies.js';

/** The JSON 1.1 content type Organizations speaks, both ways. */
export const AMZ_JSON = 'application/x-amz-json-1.1';

/**
 * Organizations (JSON 1.1) error types and their status. The service sends throttling as 400, not
 * 429; the SigV4 front end's errors are 400 too, as on every JSON 1.1 service.
 */
export const ORG_ERRORS = {
  AccessDeniedException: 400,
  AWSOrganizationsNotInUseException: 400,
  AccountNotFoundException: 400,
  ChildNotFoundException: 400,
  InvalidInputException: 400,
  OrganizationalUnitNotFoundException: 400,
  ParentNotFoundException: 400,
  TargetNotFoundException: 400,
  TooManyRequestsException: 400,
  UnknownOperationException: 400,
  SerializationException: 400,
  MissingAuthenticationTokenException: 400,
  IncompleteSignatureException: 400,
  UnrecognizedClientException: 400,
  InvalidSignatureException: 400,
  ExpiredTokenException: 400,
  ServiceException: 500,
} as const;

export type OrgErrorName = keyof typeof ORG_ERRORS;

/** `{"__type": NAME, "Message": …}` and the same name in `x-amzn-errortype`, as both SDKs read either. */
export function orgError(name: OrgErrorName, message: string, extra: Record<string, string> = {}): Reply {
  return {
    status: ORG_ERRORS[name],
    headers: { 'content-type': AMZ_JSON, 'x-amzn-errortype': name },
    body: JSON.stringify({ __type: name, Message: message, ...extra }),
  };
}

export function orgReply(body: unknown): Reply {
  return { status: 200, headers: { 'content-type': AMZ_JSON }, body: JSON.stringify(body) };
}

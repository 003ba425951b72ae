import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OidcSettings } from './oidc-options.js';
import { randomToken } from './random.js';

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  /** Epoch ms. */
  issuedAt: number;
  expiresAt: number;
  redirectUris: readonly string[];
}

export interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  /** The interval the client was told, in seconds; later setOptions calls do not change it. */
  interval: number;
  approved: boolean;
  /** The user refused the request on the verification page: CreateToken answers AccessDeniedException. */
  denied: boolean;
  lastPollAt: number | undefined;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: readonly string[];
  used: boolean;
  expiresAt: number;
}

const AUTH_CODE_LIFETIME_MS = 5 * 60 * 1000;
/** Expired codes are kept this long, so that a late poll hears "expired" rather than "unknown". */
const EXPIRED_KEPT_MS = 60 * 60 * 1000;
const SWEEP_EVERY = 256;
/** No vowels (no words) and no 0/O, 1/I look-alikes: the code is read off one screen and typed into another. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

const secret = (prefix: string): string => `${prefix}${randomBytes(48).toString('base64url')}`;

/** The SSO-OIDC service's memory: registered clients, device codes, authorization codes and refresh tokens. */
export class OidcStore {
  private readonly clients = new Map<string, OidcClient>();
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly userCodes = new Map<string, DeviceGrant>();
  private readonly authCodes = new Map<string, AuthCode>();
  /** refresh token → the client it was issued to. */
  private readonly refreshTokens = new Map<string, string>();
  private inserts = 0;

  constructor(private readonly settings: OidcSettings) {}

  register(redirectUris: readonly string[], now: number): OidcClient {
    this.inserted(now);
    const client: OidcClient = {
      clientId: randomBytes(16).toString('base64url'),
      clientSecret: secret('aoc'),
      issuedAt: now,
      expiresAt: now + this.settings.registrationTtlSeconds * 1000,
      redirectUris: [...redirectUris],
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** Undefined for an unknown id, an expired registration or (with `clientSecret`) a wrong secret. */
  client(clientId: string, now: number, clientSecret?: string): OidcClient | undefined {
    const client = this.clients.get(clientId);
    if (!client || client.expiresAt <= now) return undefined;
    if (clientSecret !== undefined && !sameSecret(client.clientSecret, clientSecret)) return undefined;
    return client;
  }

  startDevice(clientId: string, now: number): DeviceGrant {
    this.inserted(now);
    let userCode: string;
    do {
      const letters = randomToken(8, USER_CODE_ALPHABET);
      userCode = `${letters.slice(0, 4)}-${letters.slice(4)}`;
    } while (this.userCodes.has(userCode));
    const grant: DeviceGrant = {
      deviceCode: secret('aod'),
      userCode,
      clientId,
      expiresAt: now + this.settings.deviceCodeTtlSeconds * 1000,
      interval: this.settings.deviceInterval,
      approved: false,
      denied: false,
      lastPollAt: undefined,
    };
    this.devices.set(grant.deviceCode, grant);
    this.userCodes.set(userCode, grant);
    return grant;
  }

  device(deviceCode: string): DeviceGrant | undefined {
    return this.devices.get(deviceCode);
  }

  /** A device code yields one token; after that it is unknown. */
  finishDevice(grant: DeviceGrant): void {
    this.devices.delete(grant.deviceCode);
    this.userCodes.delete(grant.userCode);
  }

  /**
   * What the user does on the verification page: allow the request, or deny it. Typed codes may
   * differ in case and dashes. A decision, once made, stands.
   */
  decideDevice(typed: string, now: number, allow: boolean): DeviceGrant | undefined {
    const letters = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
    const grant = this.userCodes.get(`${letters.slice(0, 4)}-${letters.slice(4)}`);
    if (!grant || grant.expiresAt <= now) return undefined;
    if (!grant.approved && !grant.denied) {
      if (allow) grant.approved = true;
      else grant.denied = true;
    }
    return grant;
  }

  createAuthCode(entry: Omit<AuthCode, 'used' | 'expiresAt'>, now: number): string {
    this.inserted(now);
    const code = secret('aoz');
    this.authCodes.set(code, { ...entry, used: false, expiresAt: now + AUTH_CODE_LIFETIME_MS });
    return code;
  }

  authCode(code: string): AuthCode | undefined {
    return this.authCodes.get(code);
  }

  issueRefreshToken(clientId: string): string {
    const token = secret('aor');
    this.refreshTokens.set(token, clientId);
    return token;
  }

  /** Rotation: a refresh token is spent by its one use. Another client's token is left alone. */
  takeRefreshToken(token: string, clientId: string): boolean {
    if (this.refreshTokens.get(token) !== clientId) return false;
    this.refreshTokens.delete(token);
    return true;
  }

  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  /** Every so often drops what expired long ago, so a long benchmark keeps bounded memory. */
  private inserted(now: number): void {
    this.inserts += 1;
    if (this.inserts % SWEEP_EVERY !== 0) return;
    const cutoff = now - EXPIRED_KEPT_MS;
    for (const [id, client] of this.clients) if (client.expiresAt < cutoff) this.clients.delete(id);
    for (const grant of this.devices.values()) if (grant.expiresAt < cutoff) this.finishDevice(grant);
    for (const [code, entry] of this.authCodes) if (entry.expiresAt < cutoff) this.authCodes.delete(code);
    for (const [token, id] of this.refreshTokens) if (!this.clients.has(id)) this.refreshTokens.delete(token);
  }
}

/** Compares digests, so the comparison takes the same time whatever the lengths. */
function sameSecret(expected: string, given: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** The SSO-OIDC knobs; whole seconds, because the wire carries every one of them as an integer. */
export interface OidcOptions {
  /** Lifetime of the access tokens CreateToken issues (also its `expiresIn`). Default 28800 (8 h). */
  accessTokenTtlSeconds: number;
  /** The `interval` StartDeviceAuthorization tells clients to poll at; 0 turns slow_down off. Default 1. */
  deviceInterval: number;
  /** How long a device code waits for approval (its `expiresIn`). Default 600. */
  deviceCodeTtlSeconds: number;
  /** How long a RegisterClient registration (client id and secret) lasts. Default 90 days. */
  registrationTtlSeconds: number;
}

const DEFAULTS: OidcOptions = {
  accessTokenTtlSeconds: 8 * 60 * 60,
  deviceInterval: 1,
  deviceCodeTtlSeconds: 600,
  registrationTtlSeconds: 90 * 24 * 60 * 60,
};

/** The smallest value each option accepts: an interval may be 0, a lifetime may not. */
const MINIMUM: Record<keyof OidcOptions, number> = {
  accessTokenTtlSeconds: 1,
  deviceInterval: 0,
  deviceCodeTtlSeconds: 1,
  registrationTtlSeconds: 1,
};

const KEYS = Object.keys(DEFAULTS) as (keyof OidcOptions)[];

/**
 * Throws a RangeError for the first bad OIDC option and ignores every other key, so that the
 * emulator can check all its settings before it applies any of them.
 */
export function validateOidcOptions(options: Partial<OidcOptions>): void {
  for (const key of KEYS) {
    const value = options[key];
    if (value === undefined) continue;
    if (!(Number.isSafeInteger(value) && value >= MINIMUM[key])) {
      throw new RangeError(`${key} must be an integer >= ${MINIMUM[key]}`);
    }
  }
}

export class OidcSettings implements OidcOptions {
  accessTokenTtlSeconds = DEFAULTS.accessTokenTtlSeconds;
  deviceInterval = DEFAULTS.deviceInterval;
  deviceCodeTtlSeconds = DEFAULTS.deviceCodeTtlSeconds;
  registrationTtlSeconds = DEFAULTS.registrationTtlSeconds;

  constructor(options: Partial<OidcOptions>) {
    this.set(options);
  }

  set(options: Partial<OidcOptions>): void {
    validateOidcOptions(options);
    for (const key of KEYS) {
      const value = options[key];
      if (value !== undefined) this[key] = value;
    }
  }
}

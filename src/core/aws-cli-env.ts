/**
 * The environment of an AWS CLI run started for an agent. Built from an allow-list rather than by
 * removing known credential variables, so that a variable added later (a new AWS_BEARER_TOKEN_*,
 * a container credentials setting) never reaches the child by default. Credentials in the server's
 * own environment would otherwise win over AWS_PROFILE (AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN, ...)
 * or pick another profile (botocore reads AWS_DEFAULT_PROFILE before AWS_PROFILE).
 */
import type { Env } from './model.js';

/**
 * Kept: what finding and starting the CLI needs (PATH, HOME, a Python environment), where its
 * files are (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: the same files the server reads), how it
 * reaches AWS (endpoint URLs, regions, retries, proxies, a CA bundle for networks that inspect TLS),
 * and the locale. None of them is a credential, and the agent cannot set any of them.
 */
const KEEP = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'LANGUAGE',
  'TZ',
  'NO_COLOR',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_CA_BUNDLE',
  'AWS_MAX_ATTEMPTS',
  'AWS_RETRY_MODE',
  'AWS_DEFAULTS_MODE',
  'AWS_STS_REGIONAL_ENDPOINTS',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_EC2_METADATA_DISABLED',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'PYENV_ROOT',
  'PYENV_VERSION',
  'VIRTUAL_ENV',
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONIOENCODING',
  'PYTHONUTF8',
  // Windows: Python and the CLI do not start without some of these.
  'SYSTEMROOT',
  'SystemRoot',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'HOMEDRIVE',
  'HOMEPATH',
]);

/** `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`, and the locale's `LC_*`. */
const KEEP_PREFIXES = ['AWS_ENDPOINT_URL', 'LC_'];

/**
 * The environment for one run: the kept variables of `env`, the profile, no pager (v2 would wait
 * on `less`) and no auto-prompt (v2 would wait on stdin).
 */
export function awsCliEnv(env: Env, profile: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (KEEP.has(name) || KEEP_PREFIXES.some((p) => name.startsWith(p))) out[name] = value;
  }
  return { ...out, AWS_PROFILE: profile, AWS_PAGER: '', AWS_CLI_AUTO_PROMPT: 'off' };
}

/**
 * Checks an AWS CLI command line from an untrusted caller (an agent) before it runs: one reading
 * operation, nothing that reaches outside the call. The arguments are read the way the AWS CLI
 * reads them: argparse sees a global option anywhere on the line, takes `--opt=value`, and expands
 * any unambiguous prefix (`--deb` is `--debug`, `--prof` is `--profile`). So instead of a list of
 * bad options, only a few global options are allowed, written in full; any other `--name` is an
 * operation parameter only if it cannot be a prefix of a global option or of an option the CLI adds
 * to every operation. Values are checked too: the CLI loads `file://`, `fileb://` and (v1)
 * `http(s)://` values from where they point, also inside shorthand (`Key=file://x`, v2's `Key@=`).
 */
import {
  ALLOWED_GLOBALS,
  GLOBAL_OPTIONS,
  NOT_SERVICES,
  OPERATION_OPTIONS,
  OUTPUT_FORMATS,
  SECRET_READS,
  SERVICE_ALIASES,
  WRITES_A_FILE,
  type SecretRead,
} from './aws-cli-rules.js';
import { usageError } from './errors.js';

/** Names of the user's AWS CLI aliases (`~/.aws/cli/alias`): `[toplevel]` and `[command <service>]`. */
export interface AliasNames {
  readonly toplevel: ReadonlySet<string>;
  readonly byCommand: ReadonlyMap<string, ReadonlySet<string>>;
}

export const NO_ALIASES: AliasNames = { toplevel: new Set(), byCommand: new Map() };

/**
 * The alias names in the text of an alias file, read leniently: an INI line that starts a key
 * (`name = value` or `name: value`, not indented) in `[toplevel]` or `[command <service>]`. Reading
 * too many names only refuses more; an alias may run a shell command (`!...`) or shadow a service.
 */
export function parseAliasNames(text: string): AliasNames {
  const toplevel = new Set<string>();
  const byCommand = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const header = /^\s*\[\s*([^\]]*?)\s*\]/.exec(line);
    if (header) {
      const section = header[1]!;
      const command = /^command\s+(.+)$/.exec(section);
      if (section === 'toplevel') current = toplevel;
      else if (command) {
        const name = command[1]!.trim();
        current = byCommand.get(name) ?? new Set();
        byCommand.set(name, current);
      } else current = undefined;
      continue;
    }
    const key = /^([^\s=:#;][^=:]*?)\s*[=:]/.exec(line);
    if (key && current) current.add(key[1]!.trim().toLowerCase());
  }
  return { toplevel, byCommand };
}

const WORD = /^[a-z0-9][a-z0-9-]*$/;
const READ_OPERATION = /^(describe|list|get)-[a-z0-9-]+$/;
const OPTION_NAME = /^--[a-z0-9][a-z0-9-]*$/;
/** What argparse takes for a negative number, and so for a value rather than an option. */
const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;
/** The prefixes the AWS CLI loads a parameter value from (paramfile.py), in any case. */
const LOADED_FROM = /(file|fileb|https?):\/\//i;
/** `{profile}` and its kind, which `each` fills from the profile: account names come from the network. */
const PLACEHOLDER = /\{(profile|accountId|accountName|role|region)\}/;
const REGION = /^[a-z0-9]+(-[a-z0-9]+){1,6}$/;

export const MAX_ARGS = 100;
export const MAX_ARG_LENGTH = 4096;

function refuse(message: string): never {
  throw usageError(message);
}

/** The options `name` may stand for: itself, or every option it is a prefix of (argparse's `allow_abbrev`). */
const expansions = (name: string, options: readonly string[]) => options.filter((o) => o.startsWith(name));

/** The global options of the AWS CLI that `name` (as written, maybe abbreviated) may stand for. */
export function globalOptionsFor(name: string): string[] {
  return name.length > 2 ? expansions(name, GLOBAL_OPTIONS) : [];
}

/**
 * A name in lower case without separators: `GetSecretValue`, `get_secret_value` and
 * `get-secret-value` are one operation, `--with-decryption` and `WithDecryption` one option.
 */
const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

let byService: Map<string, SecretRead[]> | undefined;
/** SECRET_READS by service key, made on first use. */
function rulesByService(): Map<string, SecretRead[]> {
  if (!byService) {
    byService = new Map();
    for (const rule of SECRET_READS) {
      const k = key(rule.service);
      byService.set(k, [...(byService.get(k) ?? []), rule]);
    }
  }
  return byService;
}

/**
 * Why calling `service operation` with these options returns a secret, or undefined when it does
 * not. Names are compared without case or separators, so this reads AWS CLI words (`ssm
 * get-parameter --with-d`), SDK names (`SSM`, `GetParameter`, `WithDecryption`) and snake_case
 * alike. An option counts when it is written in full or abbreviated (argparse expands any prefix);
 * an option turned off is written `--no-<name>`.
 */
export function secretReadReason(
  service: string,
  operation: string,
  optionNames: readonly string[],
): string | undefined {
  const serviceKey = key(SERVICE_ALIASES[key(service)] ?? service);
  const operationKey = key(operation);
  const names = optionNames.map(key).filter((n) => n !== '');
  for (const rule of rulesByService().get(serviceKey) ?? []) {
    const ruleOperation = rule.operations.find((o) => key(o) === operationKey);
    if (!ruleOperation) continue;
    const call = `"${rule.service} ${ruleOperation}"`;
    if (rule.withOption) {
      const option = key(rule.withOption);
      if (names.some((n) => option.startsWith(n)))
        return `${call} with ${rule.withOption} returns a secret, which is not handed to agents: leave ${rule.withOption} out, or run it yourself.`;
    } else if (rule.unlessOption) {
      const option = key(rule.unlessOption);
      const off = `no${option}`;
      if (!names.includes(option) || names.some((n) => off.startsWith(n) && n.startsWith('no')))
        return `${call} returns passwords unless ${rule.unlessOption} is given; add ${rule.unlessOption}`;
    } else {
      return `${call} returns a secret or credentials, which are not handed to agents. Run it yourself if you need it.`;
    }
  }
  return undefined;
}

function checkValue(arg: string): void {
  if (arg.includes('\0')) refuse('an argument holds a NUL character');
  const loaded = LOADED_FROM.exec(arg);
  if (loaded) {
    refuse(
      `the argument ${JSON.stringify(arg)} holds "${loaded[0]}": the AWS CLI would read that file or URL. ` +
        'Give the value itself; nothing is read from files or URLs here.',
    );
  }
  if (PLACEHOLDER.test(arg)) {
    refuse(
      `placeholders such as ${PLACEHOLDER.exec(arg)![0]} are not filled here; each run already uses its profile's account, role and region`,
    );
  }
}

function checkGlobal(name: keyof typeof ALLOWED_GLOBALS, value: string | undefined): void {
  if (ALLOWED_GLOBALS[name] === 'flag') {
    if (value !== undefined) refuse(`${name} takes no value`);
    return;
  }
  if (value === undefined || value === '') refuse(`${name} needs a value`);
  if (name === '--output' && !(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    refuse(`--output must be one of ${OUTPUT_FORMATS.join(', ')}, not ${JSON.stringify(value)}`);
  }
  if (name === '--region' && (!REGION.test(value) || value.length > 40)) {
    refuse(`--region must be a region name such as eu-west-1, not ${JSON.stringify(value)}`);
  }
}

/** Refuses an option name that the AWS CLI could read as a global or per-operation option we do not allow. */
function checkOptionName(name: string): void {
  if (!OPTION_NAME.test(name)) refuse(`${JSON.stringify(name)} is not an option name the AWS CLI knows`);
  const globals = globalOptionsFor(name);
  if (globals.length > 0) {
    const allowed = Object.keys(ALLOWED_GLOBALS);
    if (globals.length === 1 && globals[0] !== name && allowed.includes(globals[0]!)) {
      refuse(`write ${globals[0]} in full, not ${name}`);
    }
    refuse(
      globals.includes(name)
        ? `the option ${name} is not allowed here. Global options allowed: ${allowed.join(', ')}; the profile is set for each run.`
        : `the option ${name} is not allowed here: the AWS CLI reads it as ${globals.join(' or ')}. Write operation parameters in full.`,
    );
  }
  const blocked = expansions(name, OPERATION_OPTIONS);
  if (blocked.length > 0) {
    refuse(
      blocked.includes(name)
        ? `the option ${name} is not allowed here`
        : `the option ${name} is not allowed here: the AWS CLI reads it as ${blocked.join(' or ')}`,
    );
  }
}

/**
 * The command line to run for `args` (the AWS CLI arguments after `aws`), with `--output json`
 * added when no output format is given; throws a usage error saying why when it is refused.
 */
export function checkAwsCliRead(args: readonly string[], aliases: AliasNames = NO_ALIASES): string[] {
  if (args.length > MAX_ARGS) refuse(`at most ${MAX_ARGS} arguments`);
  if (args.some((a) => a.length > MAX_ARG_LENGTH))
    refuse(`an argument is longer than ${MAX_ARG_LENGTH} characters`);
  const [service, operation] = args;
  if (!service || !operation || !WORD.test(service) || !WORD.test(operation)) {
    refuse(
      'give the AWS CLI arguments after `aws`: a service and an operation first, e.g. ["ec2", "describe-vpcs"]',
    );
  }
  if (NOT_SERVICES.has(service))
    refuse(`"${service}" is a command of the AWS CLI itself, not of an AWS service`);
  const reads = READ_OPERATION.test(operation) || (service === 's3' && operation === 'ls');
  if (!reads) {
    refuse(
      `only reading operations (describe-*, list-*, get-*, s3 ls) may run here, not "${service} ${operation}"`,
    );
  }
  if (WRITES_A_FILE[service]?.includes(operation)) {
    refuse(
      `"${service} ${operation}" writes its answer to a local file; nothing may be written to disk here`,
    );
  }
  if (aliases.toplevel.has(service) || aliases.byCommand.get(service)?.has(operation)) {
    refuse(
      `"${service} ${operation}" names one of your AWS CLI aliases (~/.aws/cli/alias), which may run anything`,
    );
  }

  const names: string[] = [];
  let output = false;
  for (let i = 2; i < args.length; i++) {
    const arg = args[i]!;
    checkValue(arg);
    if (arg === '-' || arg === '--') refuse(`a lone "${arg}" is not allowed here`);
    // The operation parser takes a bare `help` as a request for the manual page.
    if (arg === 'help') refuse('"help" is not allowed as an argument here');
    if (!arg.startsWith('-')) continue;
    if (!arg.startsWith('--')) {
      if (NEGATIVE_NUMBER.test(arg)) continue;
      refuse(`the argument ${JSON.stringify(arg)} looks like an option; the AWS CLI has no one-dash options`);
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    names.push(name);
    if (Object.hasOwn(ALLOWED_GLOBALS, name)) {
      const global = name as keyof typeof ALLOWED_GLOBALS;
      let value = eq === -1 ? undefined : arg.slice(eq + 1);
      if (value === undefined && ALLOWED_GLOBALS[global] === 'value') {
        value = args[++i];
        if (value === undefined) refuse(`${name} needs a value`);
        checkValue(value);
        // argparse would read such a value as the next option, not as this one's value.
        if (value.startsWith('-') && !NEGATIVE_NUMBER.test(value)) {
          refuse(`the value of ${name} may not start with "-": ${JSON.stringify(value)}`);
        }
      }
      checkGlobal(global, value);
      if (global === '--output') output = true;
      continue;
    }
    checkOptionName(name);
  }
  const reason = secretReadReason(service, operation, names);
  if (reason) refuse(reason);
  return ['aws', ...args, ...(output ? [] : ['--output', 'json'])];
}

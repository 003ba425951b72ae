/** `sync`, and `create ROLE_NAME [SSO_SESSION] [REGION]`: the original sample's interface to it. */
import type { Command } from '@commander-js/extra-typings';
import type { SyncInput, SyncResult } from '../../app/sync.js';
import { DEFAULT_TEMPLATE } from '../../core/naming.js';
import { ORG_MAX_AGE_ENV } from '../../core/org-refresh.js';
import { collect } from '../args.js';
import type { CliContext } from '../cli-context.js';
import { printJson, tildify } from '../io.js';
import { renderSyncText, syncJson } from '../output/sync-output.js';
import { cliRuntime } from '../terminal-reporter.js';

/** The exit code after Ctrl-C: 128 + SIGINT, as a shell reports a program that SIGINT stopped. */
const INTERRUPTED = 130;

interface Shown {
  readonly json?: true;
  readonly verbose?: true;
  readonly dryRun?: true;
}

async function runSync({ io, setExit }: CliContext, input: SyncInput, shown: Shown): Promise<void> {
  const { sync } = await import('../../app/sync.js');
  const rt = cliRuntime(io);
  const stop = (message: string): never => {
    rt.clearProgress();
    io.stderr.write(`${message}\n`);
    process.exit(INTERRUPTED);
  };
  // Ctrl-C. Until discovery ends nothing is written: stop at once. After it, the config is read,
  // planned and replaced in one rename, in a moment (or after another run's lock): let that end
  // and then say what was written; a second Ctrl-C stops at once.
  let interrupted = false;
  const onInterrupt = () => {
    if (!rt.discoveryEnded || input.dryRun) stop('interrupted; nothing was written');
    if (interrupted) {
      stop(
        'interrupted while the config was being written: it holds either its previous or its new ' +
          'profiles, never a mix of both',
      );
    }
    interrupted = true;
    io.stderr.write('interrupted; finishing the update of the config first (Ctrl-C again stops at once)\n');
  };
  process.on('SIGINT', onInterrupt);
  let result: SyncResult;
  try {
    result = await sync(rt, input);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  if (interrupted) {
    const { plan } = result;
    io.stderr.write(
      result.written
        ? `interrupted; ${tildify(io, result.configFile)} was written: ${plan.create.length} created, ${plan.update.length} updated, ${plan.prune.length} removed\n`
        : 'interrupted; nothing was written\n',
    );
    setExit(INTERRUPTED);
    return;
  }
  if (shown.json) printJson(io, syncJson(result));
  else renderSyncText(io, result, shown.verbose === true || shown.dryRun === true);
  setExit(0);
}

export function registerSync(program: Command, ctx: CliContext): void {
  program
    .command('sync')
    .description('create and update a profile for every account and role of an sso-session')
    .option('--sso-session <name>', 'the [sso-session] to use (default: the only one in the config)')
    .option('--role <role>', 'only this role (permission set); repeat for more', collect)
    .option('--all-roles', 'every role of every account (the default when no --role is given)')
    .option('--region <region>', "the region written into each profile (default: the session's sso_region)")
    .option(
      '--name-template <template>',
      'profile name layout; fields {session} {account} {accountName} {accountId} {role} {region}, and from the organization {ou} {ouPath} {tag:KEY}',
      DEFAULT_TEMPLATE,
    )
    .option('--account <pattern>', 'only accounts whose name or id matches this glob; repeatable', collect)
    .option(
      '--exclude-account <pattern>',
      'skip accounts whose name or id matches this glob; repeatable',
      collect,
    )
    .option(
      '--ou <pattern>',
      "only accounts whose OU path matches this glob, e.g. '/Workloads/Prod*' ('*' crosses '/'); repeatable",
      collect,
    )
    .option(
      '--tag <key[=value]>',
      'only accounts with this tag (key regardless of case), its value matching the glob if given; repeatable',
      collect,
    )
    .option('--prune', 'remove generated profiles whose account or role is gone')
    .option('--yes', 'confirm a prune that removes more than half of the generated profiles')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--json', 'print one JSON document')
    .option('-v, --verbose', 'list every change even when there are many')
    .option(
      '--credential-process',
      'also write credential_process (this tool) into each profile, for tools that cannot read sso_session',
    )
    .option(
      '--org-profile <profile>',
      "read the organization's OUs and tags through this profile of the session",
    )
    .option('--no-org', 'call no AWS Organizations API (a cached structure is still used)')
    .option('--refresh-org', "read the organization's structure again, however young the cache")
    .addHelpText(
      'after',
      '\nOrganization: sync also reads the OU of every account and the tags of those you reach,\n' +
        'through a role that may list AWS Organizations (found by itself, or --org-profile), and\n' +
        `caches them for a day (${ORG_MAX_AGE_ENV}=SECONDS changes that). Without such a role,\n` +
        'sync says what is missing and writes the profiles without OU data.\n' +
        '\nExamples:\n' +
        '  aws-org-profiles sync --dry-run\n' +
        '  aws-org-profiles sync --sso-session myorg --role DBAReadOnly --prune\n' +
        "  aws-org-profiles sync --all-roles --account 'prod-*' --name-template '{account}.{role}'",
    )
    .action((o) =>
      runSync(
        ctx,
        {
          ssoSession: o.ssoSession,
          roles: o.role,
          allRoles: o.allRoles,
          region: o.region,
          nameTemplate: o.nameTemplate,
          accounts: o.account,
          excludeAccounts: o.excludeAccount,
          ous: o.ou,
          tags: o.tag,
          prune: o.prune,
          yes: o.yes,
          dryRun: o.dryRun,
          credentialProcess: o.credentialProcess,
          orgProfile: o.orgProfile,
          noOrg: o.org === false,
          refreshOrg: o.refreshOrg,
        },
        o,
      ),
    );

  program
    .command('create')
    .description("the original sample's interface: the same as `sync --role ROLE_NAME`")
    .argument('<ROLE_NAME>', 'the role (permission set) to create profiles for')
    .argument('[SSO_SESSION]', 'the [sso-session] to use', 'myorg')
    .argument('[REGION]', "the region written into each profile (default: the session's sso_region)")
    .option('--prune', 'remove generated profiles whose account or role is gone')
    .option('--yes', 'confirm a prune that removes more than half of the generated profiles')
    .option('--dry-run', 'print the plan and write nothing')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExample:\n  aws-org-profiles create DBAReadOnly myorg')
    .action((role, ssoSession, region, o) =>
      runSync(ctx, { ssoSession, roles: [role], region, prune: o.prune, yes: o.yes, dryRun: o.dryRun }, o),
    );
}

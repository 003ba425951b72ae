/** The commands that write and read profiles: sync, create, list, context, each. */
import { type Command } from 'commander';
import { CONTEXT_OPTIONS } from '../context.js';
import { collect, selectionOptions, type Context } from './shared.js';

export function register(program: Command, { io, setExit }: Context): void {
  program
    .command('sync')
    .description('create and update a profile for every account and role of an sso-session')
    .option('--sso-session <name>', 'the [sso-session] to use (default: the only one in the config)')
    .option('--role <role>', 'only this role (permission set); repeat for more', collect)
    .option('--all-roles', 'every role of every account (the default when no --role is given)')
    .option('--region <region>', "the region written into each profile (default: the session's sso_region)")
    .option(
      '--name-template <template>',
      'profile name layout; fields {session} {account} {accountName} {accountId} {role} {region}',
      '{session}-{account}-{role}',
    )
    .option('--account <pattern>', 'only accounts whose name or id matches this glob; repeatable', collect)
    .option(
      '--exclude-account <pattern>',
      'skip accounts whose name or id matches this glob; repeatable',
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
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  aws-org-profiles sync --dry-run\n' +
        '  aws-org-profiles sync --sso-session myorg --role DBAReadOnly --prune\n' +
        "  aws-org-profiles sync --all-roles --account 'prod-*' --name-template '{account}.{role}'",
    )
    .action(async (options: Record<string, unknown>) => {
      const { runSync } = await import('../sync.js');
      setExit(await runSync(io, options));
    });

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
    .action(
      async (
        role: string,
        ssoSession: string,
        region: string | undefined,
        options: Record<string, unknown>,
      ) => {
        const { runSync } = await import('../sync.js');
        setExit(await runSync(io, { ...options, role: [role], ssoSession, ...(region ? { region } : {}) }));
      },
    );

  selectionOptions(
    program.command('list').description('list every profile in the config, generated or hand-made'),
  )
    .option('--json', 'print one JSON document: {"version": 1, "profiles": [...]}')
    .addHelpText(
      'after',
      "\nExamples:\n  aws-org-profiles list --role DBAReadOnly\n  aws-org-profiles list --account '*prod*' --json",
    )
    .action(async (options: Record<string, unknown>) => {
      const { runList } = await import('../list.js');
      setExit(runList(io, { ...options, generatedOnly: options.generated === true }));
    });

  const context = program
    .command('context')
    .description('print the profile map for an agent to read (what the agent-start hook runs); offline')
    .addHelpText(
      'after',
      '\nExamples:\n  aws-org-profiles context\n  aws-org-profiles context --max-bytes 20000 --role ReadOnlyAccess',
    )
    .action(async (options: Record<string, unknown>) => {
      const { runContext } = await import('../context.js');
      setExit(await runContext(io, options));
    });
  for (const o of CONTEXT_OPTIONS) {
    const flags = `--${o.name}${o.arg ? ` ${o.arg}` : ''}`;
    if (o.multiple) context.option(flags, o.help, collect);
    else context.option(flags, o.help);
  }

  selectionOptions(
    program
      .command('each')
      .description('run a command once per selected profile, with AWS_PROFILE set, and gather the results')
      .argument(
        '[command...]',
        'the command to run, after --; {profile} {accountId} {accountName} {role} {region} are replaced',
      ),
  )
    .option('--concurrency <n>', 'runs at a time (default: twice the cores, 4 to 16)')
    .option('--timeout <seconds>', 'stop a run that takes longer than this', '300')
    .option('--json', 'print one JSON document with every result (stdout parsed when it is JSON)')
    .option('--jsonl', 'print one JSON record per line as each run ends')
    .option('--fail-fast', 'stop everything at the first failure')
    .option('--dry-run', 'show the selected profiles and the command, and run nothing')
    .option('--yes', 'run a command that looks like it changes things on several profiles')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  aws-org-profiles each --role ReadOnlyAccess --dry-run -- aws s3 ls\n' +
        '  aws-org-profiles each --role DBAReadOnly --json -- aws sts get-caller-identity\n' +
        "  aws-org-profiles each --account '*prod*' --jsonl -- aws ec2 describe-instances --region {region} --output json",
    )
    .action(async (command: string[], options: Record<string, unknown>) => {
      const { runEach } = await import('../each.js');
      setExit(await runEach(io, { ...options, generatedOnly: options.generated === true }, command));
    });
}

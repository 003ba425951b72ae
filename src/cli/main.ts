/**
 * The command-line program: argument parsing, one handler per command (loaded only when that
 * command runs, so the agent hook path never loads the AWS SDK), and the one place that maps
 * errors to the documented exit codes.
 */
import { Command, CommanderError, Option } from 'commander';
import { ExitCode } from '../core/errors.js';
import { version } from '../version.js';
import { CONTEXT_OPTIONS } from './context.js';
import type { Io } from './io.js';
import { reportError } from './report.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function exitCodes(): string {
  return [
    '',
    'Exit codes:',
    '  0  success',
    '  1  failure (a config file that cannot be read, discovery that failed, an I/O error)',
    '  2  usage error (bad arguments, an unknown sso-session or profile)',
    '  3  authentication needed (no SSO token, or it expired or was rejected)',
  ].join('\n');
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('aws-org-profiles')
    .description(
      'Discover every AWS account and role your IAM Identity Center session can reach, write a named ' +
        'profile for each into ~/.aws/config, and hand the profile map to AI agents.',
    )
    .version(version(), '-V, --version')
    .option('--debug', 'print stack traces and one line per API call (never a token)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', exitCodes())
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();

  const sync = program
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
      const { runSync } = await import('./sync.js');
      setExit(await runSync(io, options));
    });
  void sync;

  program
    .command('create')
    .description("the original sample's interface: the same as `sync --role ROLE_NAME`")
    .argument('<ROLE_NAME>', 'the role (permission set) to create profiles for')
    .argument('[SSO_SESSION]', 'the [sso-session] to use', 'myorg')
    .argument('[REGION]', "the region written into each profile (default: the session's sso_region)")
    .option('--prune', 'remove generated profiles whose account or role is gone')
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
        const { runSync } = await import('./sync.js');
        setExit(await runSync(io, { ...options, role: [role], ssoSession, ...(region ? { region } : {}) }));
      },
    );

  program
    .command('list')
    .description('list every profile in the config, generated or hand-made')
    .option('--sso-session <name>', 'only profiles of this sso-session; repeatable', collect)
    .option('--role <role>', 'only profiles of this role; repeatable', collect)
    .option('--account <pattern>', 'only accounts whose name or id matches this glob; repeatable', collect)
    .option(
      '--exclude-account <pattern>',
      'skip accounts whose name or id matches this glob; repeatable',
      collect,
    )
    .option('--region <region>', 'only profiles in this region; repeatable', collect)
    .option('--profile-match <glob>', 'only profiles whose name matches this glob; repeatable', collect)
    .option('--generated', 'only profiles written by aws-org-profiles')
    .option('--json', 'print one JSON document: {"version": 1, "profiles": [...]}')
    .addHelpText(
      'after',
      "\nExamples:\n  aws-org-profiles list --role DBAReadOnly\n  aws-org-profiles list --account '*prod*' --json",
    )
    .action(async (options: Record<string, unknown>) => {
      const { runList } = await import('./list.js');
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
      const { runContext } = await import('./context.js');
      setExit(await runContext(io, options));
    });
  for (const o of CONTEXT_OPTIONS) {
    const flags = `--${o.name}${o.arg ? ` ${o.arg}` : ''}`;
    if (o.multiple) context.option(flags, o.help, collect);
    else context.option(flags, o.help);
  }

  const agent = program
    .command('agent')
    .description('install or remove the agent definitions that hand the profile map to AI agents');
  agent
    .command('install')
    .description(
      'write an agent for Amazon Q Developer CLI / Kiro CLI, or a SessionStart hook for Claude Code',
    )
    .option(
      '--target <target>',
      'amazonq, kiro, claude-code or all (default: every host found on this machine)',
    )
    .option('--scope <scope>', 'global (your home folder) or workspace (this folder)', 'global')
    .option('--name <name>', 'agent name and file name', 'org-awscli-agent')
    .option('--max-bytes <n>', "largest hook output; also sets the hook's max_output_size", '10240')
    .option('--mcp', 'also wire the aws-org-profiles MCP server into the agent')
    .option('--force', 'overwrite a file that was changed by hand or not written by aws-org-profiles')
    .option('--dry-run', 'show what would change and write nothing')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  aws-org-profiles agent install\n  aws-org-profiles agent install --target kiro --scope workspace --mcp\n  aws-org-profiles agent install --target all --dry-run',
    )
    .action(async (options: Record<string, unknown>) => {
      const { runAgentInstall } = await import('./agent.js');
      setExit(runAgentInstall(io, options));
    });
  agent
    .command('uninstall')
    .description('remove what agent install wrote')
    .option('--target <target>', 'amazonq, kiro, claude-code or all (default: whatever was installed)')
    .option('--scope <scope>', 'global or workspace', 'global')
    .option('--name <name>', 'agent name', 'org-awscli-agent')
    .option('--force', 'also remove an agent file that was changed by hand')
    .option('--dry-run', 'show what would be removed')
    .option('--json', 'print one JSON document')
    .action(async (options: Record<string, unknown>) => {
      const { runAgentUninstall } = await import('./agent.js');
      setExit(runAgentUninstall(io, options));
    });

  program
    .command('mcp')
    .description('serve the MCP server over stdio: list, find, get and check profiles, and sign-in status')
    .addHelpText(
      'after',
      '\nTools: list_profiles, find_profiles, get_profile, session_status, check_profile.\n' +
        'Resource: aws-profiles://profiles.\n\n' +
        'Example (any MCP host):\n  {"mcpServers": {"aws-org-profiles": {"command": "aws-org-profiles", "args": ["mcp"]}}}',
    )
    .action(async () => {
      const { runMcp } = await import('./mcp.js');
      setExit(await runMcp(io));
    });

  program
    .command('each')
    .description('run a command once per selected profile, with AWS_PROFILE set, and gather the results')
    .argument(
      '[command...]',
      'the command to run, after --; {profile} {accountId} {accountName} {role} {region} are replaced',
    )
    .option('--sso-session <name>', 'only profiles of this sso-session; repeatable', collect)
    .option('--role <role>', 'only profiles of this role; repeatable', collect)
    .option('--account <pattern>', 'only accounts whose name or id matches this glob; repeatable', collect)
    .option(
      '--exclude-account <pattern>',
      'skip accounts whose name or id matches this glob; repeatable',
      collect,
    )
    .option('--profile-match <glob>', 'only profiles whose name matches this glob; repeatable', collect)
    .option('--region <region>', 'only profiles in this region; repeatable', collect)
    .option('--generated', 'only profiles written by aws-org-profiles')
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
      const { runEach } = await import('./each.js');
      setExit(await runEach(io, { ...options, generatedOnly: options.generated === true }, command));
    });

  program
    .command('login')
    .description(
      'sign in to an sso-session (authorization code with PKCE; --use-device-code without a browser)',
    )
    .option('--sso-session <name>', 'the [sso-session] to sign in to (default: the only one)')
    .option(
      '--use-device-code',
      'use the device-authorization flow: open the URL on any device and confirm the code',
    )
    .option('--no-browser', 'do not open a browser; print the URL (and code) instead')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  aws-org-profiles login\n  aws-org-profiles login --sso-session myorg --use-device-code --no-browser',
    )
    .action(async (options: Record<string, unknown>) => {
      const { runLogin } = await import('./login.js');
      setExit(await runLogin(io, options));
    });

  program
    .command('logout')
    .description("sign out of an sso-session: the portal's Logout, and the cached token removed")
    .option('--sso-session <name>', 'the [sso-session] to sign out of (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (options: Record<string, unknown>) => {
      const { runLogout } = await import('./login.js');
      setExit(await runLogout(io, options));
    });

  program
    .command('doctor')
    .description('check the config, sign-in, profiles and installed agents, and say how to fix each problem')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExits 1 when something is broken (an error), 0 otherwise.')
    .action(async (options: Record<string, unknown>) => {
      const { runDoctor } = await import('./doctor.js');
      setExit(await runDoctor(io, options));
    });

  program
    .command('credentials')
    .description(
      'print credential_process JSON for a profile (for tools that cannot read sso_session profiles)',
    )
    .option('--profile <name>', 'the profile (default: $AWS_PROFILE)')
    .addHelpText(
      'after',
      '\nUse it from a profile:\n  credential_process = aws-org-profiles credentials --profile myorg-workload-DBAReadOnly\n' +
        '(sync --credential-process writes that line, with absolute paths, into every generated profile.)',
    )
    .action(async (options: Record<string, unknown>) => {
      const { runCredentials } = await import('./credentials.js');
      setExit(await runCredentials(io, options));
    });

  program
    .command('emulator')
    .description('serve an IAM Identity Center (portal, STS) emulator on 127.0.0.1 for tests and demos')
    .addOption(new Option('--org <file>', 'organisation JSON file (see README)').conflicts('accounts'))
    .option('--accounts <n>', 'generate an organisation of n accounts', '40')
    .option('--roles-per-account <n>', 'roles per generated account', '3')
    .option('--odd-names', 'mix hostile account names into the generated organisation')
    .option('--seed <n>', 'seed for generated names and injected faults', '1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '0')
    .option('--page-size <n>', 'largest page the emulator returns', '20')
    .option('--latency <ms>', 'delay before every response', '0')
    .option('--rate <rps>', 'token-bucket rate limit in requests per second (default: none)')
    .option('--burst <n>', 'token-bucket size', '20')
    .option('--fault-rate <fraction>', 'fraction of requests answered with HTTP 500', '0')
    .option(
      '--sign-in <session>',
      'also write [sso-session NAME] and a valid cached token into $HOME, as after `aws sso login`',
    )
    .option('--token <token>', 'also accept this bearer token (for a token cache you write yourself)')
    .option('--json', 'print the endpoint and settings as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  aws-org-profiles emulator --accounts 250 --page-size 7 --rate 20 --fault-rate 0.05 --sign-in myorg',
    )
    .action(async (options: Record<string, unknown>) => {
      const { runEmulator } = await import('./emulator.js');
      setExit(await runEmulator(io, options));
    });

  program
    .command('demo')
    .description('run the whole flow against the built-in emulator, in a throwaway HOME')
    .option('--accounts <n>', 'size of the demo organisation (default: a hand-written one of 24 accounts)')
    .option('--keep', 'keep the throwaway HOME and print its path')
    .action(async (options: Record<string, unknown>) => {
      const { runDemo } = await import('./demo.js');
      setExit(await runDemo(io, options));
    });

  return program;
}

export async function main(argv: readonly string[], makeIo: (debug: boolean) => Io): Promise<number> {
  const io = makeIo(argv.includes('--debug'));
  let code: number = ExitCode.Success;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return ExitCode.Success;
      }
      return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
    }
    return reportError(io, error);
  }
}

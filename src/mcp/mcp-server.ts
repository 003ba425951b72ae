/**
 * The MCP server: lets any agent host find the right profile among thousands, check sign-in,
 * prove that a profile works, and run one read across many profiles. Tools read the config at each
 * call (parsing it again only when it changed). Nothing here writes to stdout: that is the
 * protocol's channel.
 */
import { McpServer } from '@modelcontextprotocol/server';
import { watchProfiles } from '../app/list.js';
import type { Runtime } from '../app/runtime.js';
import { profileJson } from '../core/profile-record.js';
import { jsonText } from '../core/untrusted-text.js';
import { version } from '../version.js';
import { registerProfileTools } from './profile-tools.js';
import { registerRunTool } from './run-tool.js';
import { registerSessionTools } from './session-tools.js';

export function createMcpServer(rt: Runtime): McpServer {
  const profiles = watchProfiles(rt.env);
  const server = new McpServer(
    { name: 'aws-org-profiles', version: version() },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        'Finds the AWS profile (one per account and role of an AWS Organization) to pass as --profile, ' +
        'profile_name or AWS_PROFILE. Use find_profiles with plain words, list_profiles to filter, and ' +
        'check_profile to prove a profile works before relying on it. When a session needs a sign-in, call ' +
        'sign_in and show the user the URL it returns.',
    },
  );
  registerProfileTools(server, profiles);
  const signIns = registerSessionTools(server, rt, profiles);
  // Closing the server (the host closed stdin, or the transport went) stops every sign-in at once.
  server.server.onclose = () => signIns.close();
  registerRunTool(server, rt, profiles);
  server.registerResource(
    'profiles',
    'aws-profiles://profiles',
    {
      title: 'AWS profiles',
      description: 'Every AWS profile of this machine, as JSON',
      mimeType: 'application/json',
    },
    (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: jsonText({ version: 1, profiles: profiles.get().profiles.map(profileJson) }),
        },
      ],
    }),
  );
  return server;
}

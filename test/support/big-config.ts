/** A config with many generated profiles, as `sync` writes them, plus a few hand-made ones. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROLES = ['AdministratorAccess', 'ReadOnlyAccess', 'DBAReadOnly'];

export function bigConfigText(profiles: number, session = 'myorg'): string {
  const accounts = Math.ceil(profiles / ROLES.length);
  const parts: string[] = [
    '# hand-made\n[default]\nregion = eu-west-1\n\n',
    `[sso-session ${session}]\nsso_start_url = https://d-0000000000.awsapps.com/start\nsso_region = eu-central-1\n\n`,
    '[profile legacy-admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n\n',
  ];
  for (let i = 0; i < profiles; i++) {
    const a = i % accounts;
    const role = ROLES[Math.floor(i / accounts)]!;
    const id = String(100000000000 + a * 7919);
    const name = `workload-${['prod', 'dev', 'staging'][a % 3]}-${String(a).padStart(5, '0')}`;
    parts.push(
      `[profile ${session}-${name}-${role}]\nsso_session = ${session}\nsso_account_id = ${id}\nsso_role_name = ${role}\n` +
        `region = eu-central-1\nsso_account_name = ${name}\ngenerated_by = aws-org-profiles\n\n`,
    );
  }
  return parts.join('');
}

export function writeBigConfig(home: string, profiles: number): string {
  mkdirSync(join(home, '.aws'), { recursive: true });
  const path = join(home, '.aws', 'config');
  writeFileSync(path, bigConfigText(profiles));
  return path;
}

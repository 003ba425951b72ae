import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  paginateListAccounts,
  paginateListOrganizationalUnitsForParent,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOrganization, IdentityCenterEmulator, type Organization } from '../../src/emulator/index.js';
import { failure, orgClient } from './organizations-helpers.js';

const demo = demoOrganization();
const ORG = 'o-d3m0example';
const ROOT = 'r-d3m0';
const PROD = 'ou-d3m0-prod0001';
let emulator: IdentityCenterEmulator;
let admin: OrganizationsClient;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ org: demo });
  admin = await orgClient(emulator, '111111111111', 'AdministratorAccess');
});
afterAll(async () => {
  admin.destroy();
  await emulator.stop();
});

async function allAccounts(client: OrganizationsClient, pageSize: number): Promise<[Account[], number]> {
  const accounts: Account[] = [];
  let pages = 0;
  for await (const page of paginateListAccounts({ client, pageSize }, {})) {
    pages += 1;
    accounts.push(...(page.Accounts ?? []));
  }
  return [accounts, pages];
}

describe('AWS Organizations through the official client', () => {
  it('describes the organisation to any account in it, reader or not', async () => {
    const member = await orgClient(emulator, '600000000010', 'DBAReadOnly');
    const out = await member.send(new DescribeOrganizationCommand({}));
    expect(out.Organization).toEqual({
      Id: ORG,
      Arn: `arn:aws:organizations::111111111111:organization/${ORG}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::111111111111:account/${ORG}/111111111111`,
      MasterAccountId: '111111111111',
      MasterAccountEmail: 'aws+111111111111@example.com',
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    });
    member.destroy();
  });

  it('lists the root', async () => {
    const out = await admin.send(new ListRootsCommand({}));
    expect(out.Roots).toEqual([
      {
        Id: ROOT,
        Arn: `arn:aws:organizations::111111111111:root/${ORG}/${ROOT}`,
        Name: 'Root',
        PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      },
    ]);
    expect(out.NextToken).toBeUndefined();
  });

  it('pages ListAccounts at MaxResults 1 and 20, Paths intact through the SDK', async () => {
    const [one, onePages] = await allAccounts(admin, 1);
    const [twenty, twentyPages] = await allAccounts(admin, 20);
    expect(onePages).toBe(demo.accounts.length);
    expect(twentyPages).toBe(Math.ceil(demo.accounts.length / 20));
    expect(twenty).toEqual(one);
    expect(one.map((a) => [a.Id, a.Name])).toEqual(demo.accounts.map((a) => [a.accountId, a.accountName]));
    const payments = one.find((a) => a.Id === '600000000007')!;
    expect(payments).toMatchObject({
      Arn: `arn:aws:organizations::111111111111:account/${ORG}/600000000007`,
      Email: 'aws+600000000007@example.com',
      Name: 'Payments Prod',
      State: 'ACTIVE',
      Status: 'ACTIVE',
      JoinedMethod: 'INVITED',
      Paths: [`${ORG}/${ROOT}/ou-d3m0-workload/${PROD}/600000000007/`],
    });
    expect(payments.JoinedTimestamp).toBeInstanceOf(Date);
    expect(one.find((a) => a.Id === '111111111111')?.Paths).toEqual([`${ORG}/${ROOT}/111111111111/`]);
    for (const a of one)
      expect(a.Paths?.[0]).toMatch(
        /^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}(\/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})*\/\d{12}\/$/,
      );
  });

  it('walks the OU tree, names with a slash served as they are', async () => {
    const top = await admin.send(new ListOrganizationalUnitsForParentCommand({ ParentId: ROOT }));
    expect(top.OrganizationalUnits?.map((u) => u.Name)).toEqual([
      'Security',
      'Infrastructure',
      'Workloads',
      'Sandbox',
      'R&D / Labs',
      'Suspended',
    ]);
    expect(top.OrganizationalUnits?.[4]).toEqual({
      Id: 'ou-d3m0-rdlabs01',
      Arn: `arn:aws:organizations::111111111111:ou/${ORG}/ou-d3m0-rdlabs01`,
      Name: 'R&D / Labs',
      Path: `${ORG}/${ROOT}/ou-d3m0-rdlabs01/`,
    });
    const nested = await admin.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: 'ou-d3m0-nonprod1' }),
    );
    expect(nested.OrganizationalUnits?.map((u) => [u.Name, u.Path])).toEqual([
      ['Dev', `${ORG}/${ROOT}/ou-d3m0-workload/ou-d3m0-nonprod1/ou-d3m0-dev00001/`],
      ['Staging', `${ORG}/${ROOT}/ou-d3m0-workload/ou-d3m0-nonprod1/ou-d3m0-staging1/`],
    ]);
    const leaf = await admin.send(new ListOrganizationalUnitsForParentCommand({ ParentId: PROD }));
    expect(leaf.OrganizationalUnits).toEqual([]);
  });

  it('lists the accounts of a parent, the root included', async () => {
    const prod = await admin.send(new ListAccountsForParentCommand({ ParentId: PROD }));
    expect(prod.Accounts?.map((a) => a.Name)).toEqual([
      'Workload',
      'Data Platform Prod',
      'Payments Prod',
      'Prod',
      'prod',
      'Finance; Reporting',
      'Zürich Ops',
    ]);
    const root = await admin.send(new ListAccountsForParentCommand({ ParentId: ROOT }));
    expect(root.Accounts?.map((a) => a.Id)).toEqual(['111111111111']);
  });

  it('tells parents, describes OUs and accounts, and lists tags', async () => {
    expect((await admin.send(new ListParentsCommand({ ChildId: '600000000007' }))).Parents).toEqual([
      { Id: PROD, Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    expect((await admin.send(new ListParentsCommand({ ChildId: 'ou-d3m0-workload' }))).Parents).toEqual([
      { Id: ROOT, Type: 'ROOT' },
    ]);
    const ou = await admin.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: PROD }));
    expect(ou.OrganizationalUnit).toMatchObject({ Id: PROD, Name: 'Prod' });
    const account = await admin.send(new DescribeAccountCommand({ AccountId: '600000000017' }));
    expect(account.Account).toMatchObject({
      Name: 'Zürich Ops',
      Paths: [`${ORG}/${ROOT}/ou-d3m0-workload/${PROD}/600000000017/`],
    });
    const tags = await admin.send(new ListTagsForResourceCommand({ ResourceId: '600000000007' }));
    expect(tags.Tags).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'payments' },
      { Key: 'cost-center', Value: 'CC-4200' },
      { Key: 'data-class', Value: 'pci' },
    ]);
    expect((await admin.send(new ListTagsForResourceCommand({ ResourceId: '600000000010' }))).Tags).toEqual(
      [],
    );
    expect((await admin.send(new ListTagsForResourceCommand({ ResourceId: PROD }))).Tags).toEqual([]);
  });

  it('answers the model’s not-found and invalid-input errors', async () => {
    const cases: [Promise<unknown>, string][] = [
      [
        admin.send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'ou-d3m0-zzzzzzzz' })),
        'ParentNotFoundException',
      ],
      [admin.send(new ListAccountsForParentCommand({ ParentId: 'r-zzzz' })), 'ParentNotFoundException'],
      [admin.send(new ListParentsCommand({ ChildId: '999999999999' })), 'ChildNotFoundException'],
      [
        admin.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-d3m0-zzzzzzzz' })),
        'OrganizationalUnitNotFoundException',
      ],
      [admin.send(new DescribeAccountCommand({ AccountId: '999999999999' })), 'AccountNotFoundException'],
      [admin.send(new ListTagsForResourceCommand({ ResourceId: '999999999999' })), 'TargetNotFoundException'],
      [admin.send(new ListAccountsCommand({ MaxResults: 21 })), 'InvalidInputException'],
      [admin.send(new ListAccountsCommand({ MaxResults: 0 })), 'InvalidInputException'],
      [admin.send(new ListAccountsCommand({ NextToken: 'not-a-token' })), 'InvalidInputException'],
      [
        admin.send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'Workloads' })),
        'InvalidInputException',
      ],
    ];
    for (const [call, name] of cases) expect(await failure(call)).toMatchObject({ name, status: 400 });
    // A token from one listing does not page another.
    const page = await admin.send(new ListAccountsCommand({ MaxResults: 1 }));
    expect(
      await failure(
        admin.send(new ListAccountsForParentCommand({ ParentId: PROD, NextToken: page.NextToken })),
      ),
    ).toMatchObject({ name: 'InvalidInputException' });
  });

  it('pages the OUs of a parent with 500 of them, at MaxResults 20', async () => {
    const units = Array.from({ length: 500 }, (_, i) => ({
      id: `ou-wide-${String(i).padStart(8, '0')}`,
      name: `Team ${i}`,
      parentId: 'r-wide',
    }));
    const org: Organization = {
      accounts: [
        {
          accountId: '123456789012',
          accountName: 'M',
          emailAddress: 'm@example.com',
          roles: ['ReadOnlyAccess'],
        },
      ],
      structure: { orgId: 'o-wide000000', rootId: 'r-wide', managementAccountId: '123456789012', units },
    };
    const wide = await IdentityCenterEmulator.start({ org });
    const client = await orgClient(wide, '123456789012', 'ReadOnlyAccess');
    const names: string[] = [];
    for await (const page of paginateListOrganizationalUnitsForParent(
      { client, pageSize: 20 },
      { ParentId: 'r-wide' },
    )) {
      expect(page.OrganizationalUnits!.length).toBeLessThanOrEqual(20);
      names.push(...page.OrganizationalUnits!.map((u) => u.Name!));
    }
    expect(names).toEqual(units.map((u) => u.name));
    expect(wide.stats().byOperation['Organizations.ListOrganizationalUnitsForParent']).toBe(25);
    client.destroy();
    await wide.stop();
  });

  it('serves hostile OU names byte for byte', async () => {
    const hostile = ['a/b', 'line\nbreak', 'bell\x07\x1b[2J', '\u202eevil\u202c', '%2F', ' '];
    const org: Organization = {
      accounts: [
        {
          accountId: '123456789012',
          accountName: 'M',
          emailAddress: 'm@example.com',
          roles: ['AdministratorAccess'],
        },
      ],
      structure: {
        orgId: 'o-hostile000',
        rootId: 'r-host',
        managementAccountId: '123456789012',
        units: hostile.map((name, i) => ({ id: `ou-host-0000000${i}`, name, parentId: 'r-host' })),
      },
    };
    const server = await IdentityCenterEmulator.start({ org });
    const client = await orgClient(server, '123456789012', 'AdministratorAccess');
    const out = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-host' }));
    expect(out.OrganizationalUnits?.map((u) => u.Name)).toEqual(hostile);
    client.destroy();
    await server.stop();
  });

  it('counts its calls apart from the portal’s, by operation', async () => {
    emulator.resetStats();
    await admin.send(new ListAccountsCommand({}));
    await admin.send(new ListRootsCommand({}));
    expect(emulator.stats().byOperation).toEqual({
      'Organizations.ListAccounts': 1,
      'Organizations.ListRoots': 1,
    });
    expect(emulator.requests().map((r) => r.operation)).toEqual([
      'Organizations.ListAccounts',
      'Organizations.ListRoots',
    ]);
    expect(emulator.endpointEnv().AWS_ENDPOINT_URL_ORGANIZATIONS).toBe(emulator.url);
  });
});

describe('who may read the structure', () => {
  it('lets a reader role in the management account or a delegated administrator read', async () => {
    for (const [account, role] of [
      ['111111111111', 'AdministratorAccess'],
      ['333333333333', 'SecurityAudit'],
      ['333333333333', 'ReadOnlyAccess'],
    ] as const) {
      const client = await orgClient(emulator, account, role);
      expect((await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id).toBe(ROOT);
      client.destroy();
    }
  });

  it('denies other roles of the management account, as IAM would', async () => {
    const billing = await orgClient(emulator, '111111111111', 'Billing');
    const denied = await failure(billing.send(new ListAccountsCommand({})));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(denied.message).toMatch(
      /^User: arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_Billing_[0-9a-f]{16}\/emulator\.user@example\.com is not authorized to perform: organizations:ListAccounts/,
    );
    // DescribeOrganization stays open to it.
    expect((await billing.send(new DescribeOrganizationCommand({}))).Organization?.Id).toBe(ORG);
    billing.destroy();
  });

  it('denies member accounts, even with an administrator role', async () => {
    const member = await orgClient(emulator, '600000000003', 'AdministratorAccess');
    expect(await failure(member.send(new ListRootsCommand({})))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: "You don't have permissions to access this resource.",
    });
    member.destroy();
  });

  it('answers AWSOrganizationsNotInUseException for an organisation without a structure', async () => {
    const { structure: _none, ...flat } = demo;
    const plain = await IdentityCenterEmulator.start({ org: flat });
    const client = await orgClient(plain, '111111111111', 'AdministratorAccess');
    for (const call of [
      client.send(new DescribeOrganizationCommand({})),
      client.send(new ListAccountsCommand({})),
    ]) {
      expect(await failure(call)).toMatchObject({ name: 'AWSOrganizationsNotInUseException', status: 400 });
    }
    client.destroy();
    await plain.stop();
  });

  it('follows setOrganization: readers and delegated administrators as the new structure says', async () => {
    const server = await IdentityCenterEmulator.start({ org: demo });
    const audit = await orgClient(server, '333333333333', 'ReadOnlyAccess');
    expect((await audit.send(new ListRootsCommand({}))).Roots).toHaveLength(1);
    server.setOrganization({
      ...demo,
      structure: { ...demo.structure!, delegatedAdministrators: [], readerRoles: ['ReadOnlyAccess'] },
    });
    expect(await failure(audit.send(new ListRootsCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
    });
    audit.destroy();
    await server.stop();
  });
});

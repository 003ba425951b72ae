import { describe, expect, it } from 'vitest';
import { AppError } from '../src/core/errors.js';
import { readOnlyCommand } from '../src/mcp/run-across.js';

describe('run_across_profiles accepts only AWS CLI reads', () => {
  it('allows describe, list, get and s3 ls, and asks for JSON', () => {
    expect(readOnlyCommand(['sts', 'get-caller-identity'])).toEqual([
      'aws',
      'sts',
      'get-caller-identity',
      '--output',
      'json',
    ]);
    expect(readOnlyCommand(['s3', 'ls', 's3://bucket', '--output', 'text'])).toEqual([
      'aws',
      's3',
      'ls',
      's3://bucket',
      '--output',
      'text',
    ]);
    expect(
      readOnlyCommand(['ec2', 'describe-instances', '--query', 'Reservations[].Instances[].InstanceId'])[2],
    ).toBe('describe-instances');
  });

  it.each([
    [['s3', 'rb', 's3://bucket']],
    [['ec2', 'terminate-instances', '--instance-ids', 'i-1']],
    [['s3api', 'get-object', '--bucket', 'b', '--key', 'k', 'out.txt']],
    [['s3api', 'head-object', '--bucket', 'b', '--key', 'k']],
    [['ec2', 'describe-vpcs', '--profile', 'other']],
    [['ec2', 'describe-vpcs', '--endpoint-url=http://evil']],
    [['dynamodb', 'get-item', '--cli-input-json', 'file://x.json']],
    [['glacier', 'get-vault-notifications', '/home/u/.bashrc']],
    [['--debug', 'sts']],
  ])('refuses %j', (args) => {
    expect(() => readOnlyCommand(args)).toThrow(AppError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type ResolveContext,
  type ResourceIdentity,
  resolveString,
  resolveValue,
  UnresolvableValueError,
} from '../../../local/emulator/intrinsics';

const queueUrl = 'http://sqs.us-east-1.localhost:4566/000000000000/stack-Queue-ABC';
const context: ResolveContext = {
  stackName: 'stack',
  parameters: { Stage: 'local' },
  mappings: { Regions: { 'us-east-1': { Short: 'use1' } } },
  identities: new Map<string, ResourceIdentity>([
    [
      'QueueABCD1234',
      {
        type: 'AWS::SQS::Queue',
        ref: queueUrl,
        attributes: {
          Arn: 'arn:aws:sqs:us-east-1:000000000000:stack-Queue-ABC',
          QueueName: 'stack-Queue-ABC',
          QueueUrl: queueUrl,
        },
      },
    ],
    [
      'TableABCD1234',
      { type: 'AWS::DynamoDB::Table', ref: 'stack-Table-XYZ', attributes: { Arn: 'arn:table' } },
    ],
  ]),
};
const resolve = (value: unknown) => resolveString(value, context, 'variable X of function F');

describe('intrinsic functions', () => {
  // AWS: Ref, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-ref.html
  // AWS: Fn::GetAtt, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getatt.html
  it('resolve Ref and Fn::GetAtt of the resources the emulator creates', () => {
    expect(resolve({ Ref: 'QueueABCD1234' })).toBe(queueUrl);
    expect(resolve({ 'Fn::GetAtt': ['QueueABCD1234', 'Arn'] })).toBe(
      'arn:aws:sqs:us-east-1:000000000000:stack-Queue-ABC',
    );
    expect(resolve({ 'Fn::GetAtt': 'QueueABCD1234.QueueName' })).toBe('stack-Queue-ABC');
    expect(resolve({ Ref: 'TableABCD1234' })).toBe('stack-Table-XYZ');
    expect(resolve({ Ref: 'Stage' })).toBe('local');
  });

  // AWS: Get AWS values using pseudo parameters, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
  it('resolve pseudo parameters', () => {
    expect(
      resolve({
        'Fn::Join': [
          ':',
          [
            { Ref: 'AWS::Partition' },
            { Ref: 'AWS::Region' },
            { Ref: 'AWS::AccountId' },
            { Ref: 'AWS::URLSuffix' },
            { Ref: 'AWS::StackName' },
          ],
        ],
      }),
    ).toBe('aws:us-east-1:000000000000:amazonaws.com:stack');
  });

  // AWS: Fn::Join, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-join.html
  // AWS: Fn::Select, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-select.html
  // AWS: Fn::Split, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-split.html
  // AWS: Fn::FindInMap, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-findinmap.html
  it('resolve Fn::Join, Fn::Select, Fn::Split and Fn::FindInMap, nested', () => {
    const accountOfQueue = {
      'Fn::Select': [3, { 'Fn::Split': ['/', { Ref: 'QueueABCD1234' }] }],
    };
    expect(resolve(accountOfQueue)).toBe('000000000000');
    expect(resolve({ 'Fn::Join': ['-', ['a', accountOfQueue, 'b']] })).toBe('a-000000000000-b');
    expect(resolve({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Short'] })).toBe('use1');
  });

  // AWS: Fn::Sub, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-sub.html
  it('resolve Fn::Sub with pseudo parameters, resources, attributes, literals and its own variables', () => {
    expect(
      resolve({
        'Fn::Sub': [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub template
          '${AWS::Region}/${TableABCD1234}/${QueueABCD1234.Arn}/${!Literal}/${Own}',
          { Own: { Ref: 'AWS::AccountId' } },
        ],
      }),
    ).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${!Literal} resolves to ${Literal}
      'us-east-1/stack-Table-XYZ/arn:aws:sqs:us-east-1:000000000000:stack-Queue-ABC/${Literal}/000000000000',
    );
  });

  // AWS: Get AWS values using pseudo parameters, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
  it('drop AWS::NoValue and keep plain values', () => {
    expect(resolveValue({ a: 'x', b: { Ref: 'AWS::NoValue' } }, context, 'here')).toEqual({
      a: 'x',
    });
    expect(resolveValue([1, true, 'x'], context, 'here')).toEqual([1, true, 'x']);
  });

  // Emulator: the emulator's own start-up error for a template value it cannot make locally
  // (a resource it does not create, an import, a bad index).
  it('fail with the place, the expression and the reason when they cannot resolve', () => {
    const attempts: [unknown, RegExp][] = [
      [{ Ref: 'DatabaseSecret' }, /DatabaseSecret is not a resource the emulator creates/],
      [{ 'Fn::GetAtt': ['Redis', 'RedisEndpoint.Address'] }, /Redis is not a resource/],
      [{ 'Fn::GetAtt': ['TableABCD1234', 'StreamArn'] }, /has no attribute StreamArn locally/],
      [{ 'Fn::ImportValue': 'shared-vpc' }, /not supported by the local emulator/],
      [{ 'Fn::Select': [9, ['a']] }, /index 9 is outside the list of 1/],
    ];
    for (const [value, reason] of attempts) {
      expect(() => resolve(value)).toThrow(UnresolvableValueError);
      expect(() => resolve(value)).toThrow(reason);
      expect(() => resolve(value)).toThrow(
        /^variable X of function F: cannot resolve \{"Fn::|^variable X of function F: cannot resolve \{"Ref/,
      );
    }
  });
});

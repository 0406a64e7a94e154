import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

// @action-validator/core checks a workflow against SchemaStore's github-workflow schema,
// compiled into its WebAssembly: nothing is downloaded when it runs.
const WORKFLOWS_DIR = path.join(import.meta.dirname, '../../../.github/workflows');
const workflows = readdirSync(WORKFLOWS_DIR).filter((name) => /\.ya?ml$/.test(name));

const read = (name: string) => readFileSync(path.join(WORKFLOWS_DIR, name), 'utf8');

/** The stack's outputs (lib/rename-feedback-stack.ts; stack.test.ts holds their names). */
const STACK_OUTPUTS = [
  'ApiUrl',
  'FeedbackQueueUrl',
  'FeedbackDeadLetterQueueUrl',
  'RetrainQueueUrl',
  'BootstrapAdminKeySecretArn',
  'BootstrapOperatorKeySecretArn',
  'DatabaseSecretArn',
];

const VALID = `name: Example
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm test
`;

describe('GitHub workflows', () => {
  it('include the CI and the ephemeral stack workflows', () => {
    expect(workflows.sort()).toEqual(expect.arrayContaining(['ci.yml', 'ephemeral-stack.yml']));
  });

  it.each(workflows)('%s is a valid workflow', (name) => {
    expect(validateWorkflow(read(name)).errors).toEqual([]);
  });

  it('accepts a minimal valid workflow, so the rejections below are about their mistakes', () => {
    expect(validateWorkflow(VALID).errors).toEqual([]);
  });

  it.each([
    ['a misspelt key', VALID.replace('runs-on:', 'runs_on:')],
    ['an unknown event', VALID.replace('push:', 'pushed:')],
    ['a step with neither run nor uses', VALID.replace('- run: npm test', '- name: nothing')],
    ['broken YAML', VALID.replace('jobs:', 'jobs: [')],
  ])('rejects a workflow with %s', (_case, source) => {
    expect(validateWorkflow(source).errors.length).toBeGreaterThan(0);
  });

  it("reads only outputs the stack defines from cdk deploy's outputs file", () => {
    // The workflow reads each output through its shell function `output <name>`.
    const namesRead = [...read('ephemeral-stack.yml').matchAll(/\$\(output (\w+)\)/g)].map(
      (match) => match[1],
    );
    expect(namesRead).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'BootstrapAdminKeySecretArn',
        'BootstrapOperatorKeySecretArn',
      ]),
    );
    for (const output of namesRead) expect(STACK_OUTPUTS).toContain(output);
  });

  it('destroys the pull request stack even when a step before failed', () => {
    const ephemeral = read('ephemeral-stack.yml');
    expect(ephemeral).toMatch(
      /- name: Destroy\n\s+if: always\(\)\n\s+run: npx cdk destroy .*--force/,
    );
  });
});

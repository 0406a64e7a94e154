import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../lib/create-app';

const root = mkdtempSync(path.join(tmpdir(), 'rename-feedback-cdk-nag-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}
interface ValidationReport {
  pluginReports: {
    pluginName?: string;
    summary?: unknown;
    violations: Violation[];
    suppressedViolations?: Violation[];
  }[];
}

/**
 * The AwsSolutions findings of a stage no acknowledgement covers, as `rule @ construct path`:
 * synthesis (without bundling: the code is not checked) writes the validation report into
 * the cloud assembly, and throws with the same report when a finding is left.
 */
function unacknowledgedFindings(stage: string, context: Record<string, unknown> = {}): string[] {
  const outdir = mkdtempSync(path.join(root, `${stage}-`));
  const { app } = createApp({
    outdir,
    context: { stage, 'aws:cdk:bundling-stacks': [], ...context },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch (error) {
    if (!String(error).includes('Validation')) throw error;
  }
  const report = JSON.parse(
    readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  return report.pluginReports
    .flatMap((plugin) => plugin.violations)
    .flatMap((violation) =>
      violation.violatingConstructs.map(
        ({ constructPath }) =>
          `${violation.ruleName} @ ${constructPath.replace(`rename-feedback-${stage}/`, '')}`,
      ),
    )
    .sort();
}

describe('cdk-nag AwsSolutions', () => {
  it.each(['dev', 'prod'])(
    'finds nothing unacknowledged in %s',
    (stage) => {
      expect(unacknowledgedFindings(stage)).toEqual([]);
    },
    120_000,
  );

  it('finds nothing unacknowledged in prod with AWS WAF in front (CloudFront, in us-east-1)', () => {
    vi.stubEnv('CDK_DEFAULT_REGION', 'us-east-1');
    try {
      expect(unacknowledgedFindings('prod', { waf: 'true' })).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  }, 120_000);
});

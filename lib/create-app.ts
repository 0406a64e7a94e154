import { App } from 'aws-cdk-lib';
import { RenameFeedbackStack } from './rename-feedback-stack';
import { readStageConfig } from './stage';

export interface CreateAppOptions {
  outdir?: string;
  context?: Record<string, string>;
}

/** Builds the CDK app: `lib/app.ts` for the CLI, and the local emulator, use the same one. */
export function createApp(options: CreateAppOptions = {}) {
  const app = new App({ outdir: options.outdir, context: options.context });
  const stage = readStageConfig(app.node);
  const stack = new RenameFeedbackStack(app, `rename-feedback-${stage.name}`, {
    stage,
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION,
    },
  });
  return { app, stack };
}

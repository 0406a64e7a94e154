import { App } from 'aws-cdk-lib';
import { readFunctionSettings } from './function-settings';
import { RenameFeedbackStack } from './rename-feedback-stack';
import { readStageConfig } from './stage';

export interface CreateAppOptions {
  outdir?: string;
  context?: Record<string, unknown>;
  /** Where `<stage>.json` holds the functions' settings: `config/` of the repository. */
  configDir?: string;
  /**
   * CDK's built-in CloudFormation validation at synthesis (default on). About 4 s of a
   * synthesis here (a WebAssembly rules engine): the emulator's start turns it off for the
   * local stage, whose template the unit tests still synthesize with it.
   */
  cloudFormationValidation?: boolean;
}

/** Builds the CDK app: `lib/app.ts` for the CLI, and the local emulator, use the same one. */
export function createApp(options: CreateAppOptions = {}) {
  const app = new App({
    outdir: options.outdir,
    context: options.context,
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
  });
  const stage = readStageConfig(app.node);
  const functionSettings = readFunctionSettings(app.node, {
    stage: stage.name,
    configDir: options.configDir,
  });
  const stack = new RenameFeedbackStack(app, `rename-feedback-${stage.name}`, {
    stage,
    functionSettings,
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION,
    },
  });
  return { app, stack };
}

// The local stack in a process of its own (the emulator and, as its children, every
// function instance), so that a test can freeze all of it with one signal to the group.
import '../../../../local/quiet-sdk';
import { startEmulator } from '../../../../local/emulator';

const setting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`stack-main needs ${name}`);
  return value;
};

const emulator = await startEmulator({
  port: 0,
  assemblyDir: setting('STACK_ASSEMBLY_DIR'),
  environment: {
    DATABASE_URL: setting('DATABASE_URL'),
    REDIS_URL: setting('REDIS_URL'),
    REDIS_KEY_PREFIX: setting('REDIS_KEY_PREFIX'),
  },
  // Longer than learn's batching window (1 s): a message stays hidden while its batch gathers.
  visibilityTimeoutSeconds: 2,
  schedules: false,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
process.once('SIGTERM', () => {
  void emulator.stop().then(() => process.exit(0));
});

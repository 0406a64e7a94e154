import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run bench`: the warm table with its ceilings (run.ts) first, cold starts apart
 * after it (cold-start.ts), then the other benchmarks, each in a process of its own so that
 * one's leftovers never weigh on the next's figures. With `--json`, the benchmarks that
 * print JSON (the table and the cold starts) are run alone and printed as one document.
 */
const TSX = path.resolve(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
const here = (file: string) => path.join(import.meta.dirname, file);
const asJson = process.argv.includes('--json');

function run(args: string[], capture: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(args[0] as string, args.slice(1), {
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${args.join(' ')} exited with ${code}`)),
    );
  });
}

if (asJson) {
  const table = JSON.parse(await run([TSX, here('run.ts'), '--json'], true)) as unknown;
  const coldStarts = JSON.parse(await run([TSX, here('cold-start.ts'), '--json'], true)) as unknown;
  console.log(JSON.stringify({ table, coldStarts }, null, 2));
} else {
  await run([TSX, here('run.ts')], false);
  await run([TSX, here('cold-start.ts')], false);
  await run([TSX, here('auth-overhead.ts')], false);
  await run([TSX, here('cache.ts')], false);
  await run([TSX, here('learn-throughput.ts')], false);
  await run([process.execPath, '--expose-gc', '--import', 'tsx', here('client.ts')], false);
}

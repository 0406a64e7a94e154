'use strict';
/*
 * CPU profiling inside a function instance, loaded with NODE_OPTIONS="--require <this file>"
 * in the instance's environment (bench/profile-submit.ts does it for `submit` only).
 *
 * Why not `--cpu-prof`: it writes its file at a normal exit, and the emulator ends
 * instances with SIGKILL, as Lambda ends an environment; it would also profile the init.
 * Here SIGUSR2 starts the profiler, and the next SIGUSR2 stops it and writes
 * `<CPU_PROFILE_DIR>/<pid>.cpuprofile` (the Chrome DevTools format), so the profile covers
 * exactly the warm window the driver chose. SIGUSR1 is left alone: Node reserves it for
 * its inspector. The profiler runs in this process through `node:inspector`, no port open.
 */
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const directory = process.env.CPU_PROFILE_DIR;
// 100 µs: a warm submit takes a few milliseconds, so this gives tens of samples each.
const intervalMicros = Number(process.env.CPU_PROFILE_INTERVAL_US || 100);

if (directory) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const toggle = async () => {
    if (!running) {
      running = true;
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: intervalMicros });
      await post('Profiler.start');
      return;
    }
    running = false;
    const { profile } = await post('Profiler.stop');
    fs.mkdirSync(directory, { recursive: true });
    // Written then renamed, so the driver never reads half a file.
    const file = path.join(directory, `${process.pid}.cpuprofile`);
    fs.writeFileSync(`${file}.partial`, JSON.stringify(profile));
    fs.renameSync(`${file}.partial`, file);
  };
  process.on('SIGUSR2', () => {
    toggle().catch((error) => process.stderr.write(`cpu profile: ${error.message}\n`));
  });
}

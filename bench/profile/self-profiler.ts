import inspector from 'node:inspector';
import type { CpuProfile } from './attribute-samples';

/** Profiles this process (the emulator runs in it) over a window the caller chooses. */
export async function startSelfProfile(intervalMicros = 100): Promise<() => Promise<CpuProfile>> {
  const session = new inspector.Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (error, result) =>
        error ? reject(error) : resolve(result as T),
      ),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

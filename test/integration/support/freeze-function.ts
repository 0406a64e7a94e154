import { groupMembers, readIfRunning, signalProcess } from '../../support/process-group';

/**
 * The pids of one function's instances in a stack's process group: the processes whose
 * AWS_LAMBDA_FUNCTION_NAME holds `-<shortName><hash>-`.
 */
export function functionInstancesOf(pgid: number, shortName: string): number[] {
  const name = new RegExp(`\\0AWS_LAMBDA_FUNCTION_NAME=[^\\0]*-${shortName}[0-9A-F]{8}-`);
  return groupMembers(pgid).filter((pid) => {
    const environ = readIfRunning(`/proc/${pid}/environ`);
    return environ !== undefined && name.test(`\0${environ}`);
  });
}

/**
 * Keeps every instance of a function stopped (SIGSTOP), the ones the emulator starts later
 * too, until `stopWatching` (they stay stopped): what an instance was given stays
 * unfinished, and once every instance the function may have is stopped, the rest of its
 * work waits in the queue.
 */
export function freezeFunction(pgid: number, shortName: string) {
  const frozen = new Set<number>();
  const freeze = () => {
    for (const pid of functionInstancesOf(pgid, shortName)) {
      if (frozen.has(pid)) continue;
      // An instance the emulator replaced between the look and the signal is no error.
      signalProcess(pid, 'SIGSTOP');
      frozen.add(pid);
    }
  };
  freeze();
  const timer = setInterval(freeze, 20);
  return {
    frozen,
    stopWatching() {
      clearInterval(timer);
    },
  };
}

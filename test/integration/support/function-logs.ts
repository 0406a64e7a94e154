/**
 * Function logs of the running suite's emulator, kept quietly (the last lines only) so
 * that a failing test can show what the functions said, while a passing run stays quiet.
 * TEST_LOG=1 prints everything as it happens instead.
 */
const MAX_LINES = 300;
const recent: string[] = [];

export function recordFunctionLog(line: string): void {
  if (process.env.TEST_LOG) {
    console.log(line);
    return;
  }
  recent.push(line);
  if (recent.length > MAX_LINES) recent.splice(0, recent.length - MAX_LINES);
}

/** The last lines the suite's functions logged, oldest first. */
export function recentFunctionLogs(): readonly string[] {
  return recent;
}

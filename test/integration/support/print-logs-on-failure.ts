import { beforeEach } from 'vitest';
import { recentFunctionLogs } from './function-logs';

// A failing integration test shows the functions' last log lines: the cause (a 5xx's
// stack, a timeout) is usually there, and not in the assertion.
beforeEach((context) => {
  context.onTestFailed(() => {
    const lines = recentFunctionLogs();
    if (lines.length > 0) {
      console.error(`Last ${lines.length} function log lines:\n${lines.join('\n')}`);
    }
  });
});

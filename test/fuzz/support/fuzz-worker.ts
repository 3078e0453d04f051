import { parentPort } from 'node:worker_threads';
import { fuzzRoute } from './fuzz-run';

/**
 * Worker thread: asks for a route, fuzzes it, reports, asks again (a shared queue keeps both cores busy until the
 * end); `null` means the queue is empty.
 */
parentPort?.on('message', async (task: { key: string; numRuns: number } | null) => {
  if (task === null) {
    parentPort?.close();
    return;
  }
  try {
    parentPort?.postMessage({ type: 'result', result: await fuzzRoute(task.key, task.numRuns) });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    parentPort?.postMessage({ type: 'crash', key: task.key, message });
  }
});
parentPort?.postMessage({ type: 'ready' });

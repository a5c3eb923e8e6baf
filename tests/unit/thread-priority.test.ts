import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';

test.runIf(process.platform === 'linux')('a worker lowers its own priority to the lowest, and only its own', async () => {
  const before = getPriority();
  const module = new URL('../../src/lib/thread-priority.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(module)}).then((m) => require('node:worker_threads').parentPort.postMessage(m.yieldToOtherThreads()));`, { eval: true });
  const reported = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
  expect(reported).toBe(19);
  expect(getPriority()).toBe(before);
  await worker.terminate();
});

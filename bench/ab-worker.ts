// A worker realm for bench/ab.ts: one built tree (workerData.root: this checkout or a
// baseline checkout) running the bench's training step of one workload
// (bench/train-workloads.ts) with that tree's own default kernels. On { type: 'time' } it
// answers tinybench's median and fastest CPU ms per step (bench/clock.ts). CPU time of the process:
// the other realms wait on their message ports meanwhile.
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort!;
const { root, workload } = workerData as { root: string; workload: string };
const work = await import(`${root}/dist/bench/train-workloads.js`);
// The clock of this checkout: both sides are timed the same way.
const { latencyMs } = await import('./clock.js');

const side = work.wtanetSide(work.workloads.find((w: { name: string }) => w.name === workload));
for (let i = 0; i < 30; i++) side.step(); // tier-up of every kernel
let expected = 1;
{
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) side.step();
  expected = (performance.now() - t0) / 5;
}
port.postMessage({ type: 'ready' });
port.on('message', async (m: { time: number }) => {
  port.postMessage(await latencyMs(side.step, expected, m.time));
});

// Child process of test/threads.test.ts: `node threads-child.js THREADS [no-sab] [late]`.
// no-sab deletes SharedArrayBuffer first (a runtime or page without it); late creates a tensor
// before useThreads (which must then refuse). Prints one JSON line: the status of useThreads
// and the trained weights' hash for both workloads.
const [threadsArg, ...flags] = process.argv.slice(2);
if (flags.includes('no-sab')) delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
const { useThreads } = await import('../../src/kernels/threads/index.js');
const { zeros } = await import('../../src/tensor/tensor.js');
const { trainSteps } = await import('./threads-workload.js');
if (flags.includes('late')) zeros([4]);
let status;
try {
  status = await useThreads(Number(threadsArg));
} catch (e) {
  console.log(JSON.stringify({ error: (e as Error).message }));
  process.exit(0);
}
const steps = Number(process.env.STEPS ?? 3);
console.log(JSON.stringify({ status, mlp: trainSteps('mlp', steps).hash, cnn: trainSteps('cnn', steps).hash }));

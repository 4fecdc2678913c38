// --threads N of the commands that train: threads per run (intra-run parallelism, bit-identical
// results). Started before anything creates a tensor.
import { MAX_THREADS, useThreads } from '../kernels/threads/index.js';
import { intFlag } from './args.js';

/** Parses --threads (default 1) and starts them; says on stderr when fewer can be used. */
export async function startThreads(command: string, value: string | undefined): Promise<number> {
  const n = intFlag('threads', value, 1, MAX_THREADS) ?? 1;
  const status = await useThreads(n);
  if (status.reason !== undefined) console.error(`wtanet ${command}: --threads ${n}: running on ${status.threads} thread(s): ${status.reason}`);
  return status.threads;
}

// Whether this realm can run kernels on several threads: it needs SharedArrayBuffer (browsers
// expose it only to cross-origin-isolated pages: COOP/COEP headers), shared WebAssembly memory
// with atomics, and workers. Where any is missing wtanet runs on one thread, same results.

import { nodeWorkerThreads } from './host.js';

/** null when threads can be used, else why not (one line). */
export function threadsUnavailable(): string | null {
  const g = globalThis as unknown as { crossOriginIsolated?: boolean; Worker?: unknown };
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return 'SharedArrayBuffer is not available here (a web page needs cross-origin isolation: COOP/COEP headers)';
  }
  if (g.crossOriginIsolated === false) return 'the page is not cross-origin isolated (needs COOP/COEP headers), so memory cannot be shared';
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch {
    return 'this runtime has no shared WebAssembly memory (wasm threads)';
  }
  if (nodeWorkerThreads() === null && typeof g.Worker !== 'function') return 'this runtime has no Worker';
  return null;
}

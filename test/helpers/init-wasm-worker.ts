// In a fresh realm (a worker_thread, where wtanet has loaded no kernels yet): hand wtanet a
// precompiled module of build/wtanet.wasm, as edge runtimes do, then train.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import * as lib from '../../src/index.js';
import { trainLosses } from './train-workload.js';

const bytes = new Uint8Array(readFileSync(new URL('../../../build/wtanet.wasm', import.meta.url)));
let foreign = '';
try {
  lib.initWasm(new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))); // a valid but empty module
} catch (e) {
  foreign = (e as Error).message;
}
const module = new WebAssembly.Module(bytes);
lib.initWasm(module);
lib.initWasm(module); // the same module again (every request of a Worker, say): a no-op
let again = '';
try {
  lib.initWasm(new WebAssembly.Module(bytes)); // another module once kernels are in use
} catch (e) {
  again = (e as Error).message;
}
parentPort!.postMessage({ losses: await trainLosses(lib), again, foreign });

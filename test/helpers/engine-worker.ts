// Runs the shared workload inside a worker_thread and posts its gradient bytes back.
import { parentPort } from 'node:worker_threads';
import * as lib from '../../src/index.js';
import { gradientBytes } from './engine-workload.js';

await lib.ready();
parentPort!.postMessage(gradientBytes(lib));

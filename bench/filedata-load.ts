// One load of a dataset file, in a process of its own so its peak memory is its own: reads the
// file given as argument with readDatasetFile (what `wtanet train --data` runs) and prints one
// JSON line {cpuMs, wallMs, peakBytes, xBytes}: CPU and wall time of the load, the growth of the
// peak resident set (VmHWM, Linux) over the process before it, and the bytes the loaded inputs
// hold. Run by bench/filedata.ts.
import { readFileSync } from 'node:fs';
import { readDatasetFile } from '../src/io/dataset-file.js';
import { cpuNow } from './clock.js';

/** Peak resident set size so far (bytes), or NaN where /proc is not there. */
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m === null ? NaN : Number(m[1]) * 1024;
  } catch {
    return NaN;
  }
}

const path = process.argv[2];
const before = peakRss();
const c0 = cpuNow();
const t0 = performance.now();
const src = readDatasetFile({ path });
const wallMs = performance.now() - t0;
const cpuMs = cpuNow() - c0;
console.log(JSON.stringify({ cpuMs, wallMs, peakBytes: peakRss() - before, xBytes: src.x.byteLength, rows: src.n }));

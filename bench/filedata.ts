// Your own data (issue 21): how fast a dataset file loads, and whether training on it is as
// fast as on built-in data.
//
// 1. Loading: readDatasetFile (what `wtanet train --data` runs) on 100 000 × 64 float32 vectors
//    and on 20 000 images of 64 × 64 uint8, each as an .npy pair, an .npz (np.savez: stored)
//    and a deflated .npz (np.savez_compressed). Each load runs in a fresh process
//    (bench/filedata-load.ts) so its peak memory is its own: CPU and wall seconds, and the peak
//    growth of the resident set against the data's own size (the file's array bytes).
//    The issue asks for ≤ 2 s and ≤ 2× the data's size.
// 2. Training: one epoch on built-in `entangled` data, and one on rows of the same data written
//    to an .npz and read back (the same split sizes, model and seed), in alternating rounds;
//    the ratio file / built-in is measured in the same run (1 = the same speed).
// Writes bench/results/filedata.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildData } from '../src/data/build.js';
import { readDatasetFile } from '../src/io/dataset-file.js';
import { writeNpy } from '../src/io/npy.js';
import { writeNpz } from '../src/io/npz.js';
import { ready } from '../src/kernels/load.js';
import { Trainer } from '../src/train/trainer.js';
import { validateRunConfig } from '../src/train/config.js';
import { cpuNow } from './clock.js';
import { printTable, writeResult, type Cell } from './report.js';
import type { BenchModule } from './run.js';

/** Deterministic filler (an LCG): the bench needs bytes, not meaning. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

interface Files { label: string; arrayBytes: number; paths: Record<string, string> }

/** Writes x (and 3 factors of 5 values) as x.npy + factors.npy, .npz and deflated .npz. */
function writeFiles(dir: string, label: string, x: Float32Array | Uint8Array, shape: number[]): Files {
  const n = shape[0];
  const f = new Int32Array(n * 3);
  const next = lcg(7);
  for (let i = 0; i < f.length; i++) f[i] = next() % 5;
  const arrays = { x: { data: x, shape }, factors: { data: f, shape: [n, 3] } };
  const paths = {
    'npy pair': join(dir, `${label}_x.npy`),
    npz: join(dir, `${label}.npz`),
    'npz (deflated)': join(dir, `${label}-deflated.npz`),
  };
  writeFileSync(paths['npy pair'], writeNpy(arrays.x));
  writeFileSync(join(dir, `${label}_factors.npy`), writeNpy(arrays.factors));
  writeFileSync(paths.npz, writeNpz(arrays));
  writeFileSync(paths['npz (deflated)'], writeNpz(arrays, { compress: true }));
  return { label, arrayBytes: x.byteLength, paths };
}

interface LoadRow { data: string; format: string; cpuS: number; wallS: number; peakMiB: number; dataMiB: number; peakPerData: number }

function loadRows(dir: string): LoadRow[] {
  const vectors = new Float32Array(100_000 * 64);
  const a = lcg(1);
  for (let i = 0; i < vectors.length; i++) vectors[i] = a() / 2 ** 32 - 0.5;
  const images = new Uint8Array(20_000 * 64 * 64);
  const b = lcg(2);
  for (let i = 0; i < images.length; i++) images[i] = (b() >>> 24) & (i % 7 === 0 ? 0xff : 0x0f); // partly compressible, as pictures are
  const sets = [writeFiles(dir, 'vectors', vectors, [100_000, 64]), writeFiles(dir, 'images', images, [20_000, 64, 64])];
  const loader = fileURLToPath(new URL('./filedata-load.js', import.meta.url));
  const rows: LoadRow[] = [];
  for (const set of sets) {
    for (const [format, path] of Object.entries(set.paths)) {
      const r = JSON.parse(execFileSync(process.execPath, [loader, path], { encoding: 'utf8' })) as { cpuMs: number; wallMs: number; peakBytes: number };
      rows.push({
        data: set.label === 'vectors' ? '100 000 × 64 float32' : '20 000 × 64 × 64 uint8', format,
        cpuS: r.cpuMs / 1000, wallS: r.wallMs / 1000, peakMiB: r.peakBytes / 2 ** 20, dataMiB: set.arrayBytes / 2 ** 20, peakPerData: r.peakBytes / set.arrayBytes,
      });
    }
  }
  return rows;
}

interface EpochResult { builtinS: number; fileS: number; ratio: number; rounds: number }

async function epochRow(dir: string): Promise<EpochResult> {
  await ready();
  const sizes = { nTrain: 16384, nVal: 512, nTest: 512, nHeldout: 512 };
  const base = {
    seed: 1,
    model: { encoder: { type: 'mlp', hidden: [256, 256] }, bottleneck: { variant: 'wta', groups: 4, units: 4 }, heads: { type: 'linear' } },
    train: { epochs: 1, batchSize: 64, optimizer: { type: 'adam', lr: 0.003 } },
  } as const;
  const builtinConfig = validateRunConfig({ ...base, data: { dataset: 'entangled', entangled: { mixing: 'ring' }, tasks: [{ family: 'indicator' }], ...sizes } });
  const builtin = buildData(builtinConfig.data, 1);
  // Rows of the same data as a file, more of them than the splits take: the file's own held-out
  // combinations remove rows, and a smaller file would be shared out in smaller splits (fewer
  // steps, a false speed-up). Both runs then train the same number of steps on the same shapes.
  const source = buildData({ ...builtinConfig.data, nTrain: 2 * sizes.nTrain }, 2);
  const splits = [source.train, source.val, source.test, source.heldout];
  const n = splits.reduce((s, p) => s + p.n, 0);
  const D = source.dataset.inputShape[0];
  const F = source.dataset.factors.length;
  const x = new Float32Array(n * D);
  const z = new Int32Array(n * F);
  let at = 0;
  for (const s of splits) {
    x.set(s.x, at * D);
    z.set(s.z, at * F);
    at += s.n;
  }
  const path = join(dir, 'entangled.npz');
  writeFileSync(path, writeNpz({ x: { data: x, shape: [n, D] }, factors: { data: z, shape: [n, F] } }));
  const fileConfig = validateRunConfig({ ...base, data: { dataset: 'file', file: { path }, tasks: [{ family: 'indicator' }], ...sizes } });
  const file = buildData(fileConfig.data, 1, { file: readDatasetFile({ path }) });
  const epoch = async (which: 'builtin' | 'file'): Promise<number> => {
    const trainer = new Trainer(which === 'builtin' ? builtinConfig : fileConfig, which === 'builtin' ? builtin : file);
    try {
      const c0 = cpuNow();
      await trainer.run();
      return (cpuNow() - c0) / 1000;
    } finally {
      trainer.dispose();
    }
  };
  for (const key of ['train', 'val', 'test'] as const) {
    if (file[key].n !== builtin[key].n) throw new Error(`bench filedata: the file's ${key} split has ${file[key].n} rows, the built-in one ${builtin[key].n}`);
  }
  await epoch('builtin'); // warm-up: V8 tiers up, kernels load
  const rounds = 4;
  const b: number[] = [];
  const f: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate the order, so a burst of load on the other core does not favour one side.
    const [first, second] = r % 2 === 0 ? (['builtin', 'file'] as const) : (['file', 'builtin'] as const);
    const t1 = await epoch(first);
    const t2 = await epoch(second);
    const [tb, tf] = first === 'builtin' ? [t1, t2] : [t2, t1];
    b.push(tb);
    f.push(tf);
    ratios.push(tf / tb);
  }
  const median = (v: number[]) => {
    const s = [...v].sort((p, q) => p - q);
    return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  return { builtinS: median(b), fileS: median(f), ratio: median(ratios), rounds };
}

async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wtanet-bench-filedata-'));
  try {
    const loads = loadRows(dir);
    console.log('Loading a dataset file (readDatasetFile, a fresh process each): CPU and wall seconds; peak = growth of the peak resident set; data = the array bytes in the file.');
    const table: Cell[][] = loads.map((r) => [r.data, r.format, r.cpuS, r.wallS, r.peakMiB, r.dataMiB, r.peakPerData]);
    printTable(['data', 'format', 'CPU s', 'wall s', 'peak MiB', 'data MiB', 'peak / data'], table, 2);
    const epoch = await epochRow(dir);
    console.log(`\nOne training epoch (entangled ring data, 16 384 training samples either way, MLP 256 × 256, CPU seconds, median of ${epoch.rounds} alternating rounds):`);
    printTable(['built-in data', 'its rows from a file', 'ratio file / built-in'], [[epoch.builtinS, epoch.fileS, epoch.ratio]], 3);
    console.log(`\nwrote ${writeResult('filedata.json', { loads, epoch })}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const filedataBench: BenchModule = { name: 'filedata', run };

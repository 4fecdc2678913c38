import { readFileSync } from 'node:fs';

import { createDataset, validateDataConfig, type DataSources } from '../../data/index.js';
import { parseJson } from '../../base/check.js';
import { streams } from '../../base/prng.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { loadDspritesFile } from '../../io/dsprites-file.js';
import { readDatasetArrays, readDatasetFile } from '../../io/dataset-file.js';
import { datasetFromArrays, type FileSource } from '../../data/datasets/file.js';
import { encodePng } from '../../io/png.js';
import { renderSampleGrid, shrinkImages } from '../../io/sample-grid.js';
import { intFlag, parse } from '../args.js';
import { UsageError, type Command } from '../command.js';

const help = `Usage: wtanet data preview --out FILE.png [--dataset entangled|shapes|dsprites] [--n N] [--seed N] [--config FILE] [--path FILE]
       wtanet data preview --data FILE --out FILE.png [--n N] [--seed N]
       wtanet data check FILE [--config FILE]

'data check' reads your own dataset file (.npz with x and factors, x.npy + factors.npy,
or a .csv with a header) as 'wtanet train --data FILE' would, and prints what was read:
shapes, dtypes, each factor's values and counts, constant or duplicated factors; a file
that cannot be used gets one line saying where and why (exit 1).

Writes a PNG grid of random samples of a dataset, each labelled with its factor values.
Images are drawn as they are fed to the network; 'entangled' vectors as heat maps.

Options:
  --out FILE       the PNG to write (required)
  --dataset NAME   entangled, shapes or dsprites (default: the config's, else entangled)
  --n N            number of samples, 1 to 256 (default 16)
  --seed N         seed of the dataset and of the samples (default 0)
  --config FILE    a JSON data config (the "data" section of a run config, or a whole run config)
  --path FILE      the dSprites .npz (dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz); never downloaded
  --data FILE      your own dataset file (as for 'wtanet train --data'): random rows of it,
                   and a count of each factor's values

Examples:
  wtanet data preview --dataset shapes --out preview.png
  wtanet data preview --dataset dsprites --path ~/data/dsprites.npz --out dsprites.png --n 25
  wtanet data check examples/data/toy.npz
  wtanet data preview --data examples/data/toy.npz --out toy.png`;

function readConfig(path: string | undefined): Record<string, unknown> {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    // A config that cannot be read or parsed is a usage problem (exit 2), like a bad flag.
    throw new UsageError(`cannot read --config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseJson(text, path);
  } catch (e) {
    throw new UsageError((e as Error).message, { usage: false });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`${path}: the config must be a JSON object`, { usage: false });
  const obj = parsed as Record<string, unknown>;
  // Accept a whole run config: take its data section (absent: all data defaults).
  if (typeof obj.data === 'object' && obj.data !== null) return obj.data as Record<string, unknown>;
  const runKeys = ['seed', 'model', 'train'];
  return Object.keys(obj).some((k) => runKeys.includes(k)) ? {} : obj;
}

async function preview(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    out: { type: 'string' },
    dataset: { type: 'string' },
    n: { type: 'string' },
    seed: { type: 'string' },
    config: { type: 'string' },
    path: { type: 'string' },
    data: { type: 'string' },
  });
  const out = values.out as string | undefined;
  if (out === undefined) throw new UsageError('--out FILE.png is required');
  const n = intFlag('n', values.n as string | undefined, 1, 256) ?? 16;
  const seed = intFlag('seed', values.seed as string | undefined, 0) ?? 0;
  const raw = readConfig(values.config as string | undefined);
  if (values.dataset !== undefined) raw.dataset = values.dataset;
  if (values.path !== undefined) raw.dsprites = { ...((raw.dsprites as object) ?? {}), path: values.path };
  if (values.data !== undefined) {
    raw.dataset = 'file';
    raw.file = { ...((raw.file as object) ?? {}), path: values.data };
  }
  let cfg;
  try {
    cfg = validateDataConfig(raw);
  } catch (e) {
    throw new UsageError(`invalid data config: ${(e as Error).message.replace(/^wtanet: /, '')}`, { usage: false });
  }
  const sources: DataSources = {};
  if (cfg.dataset === 'dsprites' && cfg.dsprites.source === 'file') {
    sources.dsprites = await loadDspritesFile(cfg.dsprites.path, { bins: cfg.dsprites.bins, perCombination: cfg.dsprites.perCombination });
  }
  if (cfg.dataset === 'file') {
    sources.file = readDatasetFile(cfg.file!);
    printHistograms(sources.file);
  }
  const rng = streams(seed).data;
  const dataset = createDataset(cfg, rng.fork('dataset'), sources);
  const F = dataset.factors.length;
  const pick = rng.fork('preview');
  const z = new Int32Array(n * F);
  if (sources.file !== undefined) {
    // Rows of the file itself: a uniform draw of values could ask for a combination it lacks.
    const file = sources.file;
    for (let i = 0; i < n; i++) z.set(file.z.subarray(pick.int(file.n) * F).subarray(0, F), i * F);
  } else for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) z[i * F + f] = pick.int(dataset.factors[f].values.length);
  // Images are made a few at a time and shrunk to tile size at once, so memory stays bounded
  // (256 samples of 1024×1024 would take GBs); the rng runs on across batches, as in one call.
  const observeRng = pick.fork('observe');
  const isImage = dataset.inputShape.length === 3;
  const batch = isImage ? 8 : n;
  const parts: Float32Array[] = [];
  let shape: readonly number[] = dataset.inputShape;
  for (let s = 0; s < n; s += batch) {
    const m = Math.min(batch, n - s);
    const xs = dataset.observe(z.subarray(s * F, (s + m) * F), m, observeRng);
    const small = isImage ? shrinkImages(xs, m, dataset.inputShape) : { x: xs, shape: dataset.inputShape };
    parts.push(small.x);
    shape = small.shape;
  }
  const x = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  parts.reduce((at, p) => (x.set(p, at), at + p.length), 0);
  const labels = Array.from({ length: n }, (_, i) => dataset.factors.map((f, k) => `${f.name}=${f.values[z[i * F + k]]}`));
  const grid = renderSampleGrid({ x, n, inputShape: shape, labels });
  writeFileAtomic(out, encodePng(grid.rgb, grid.width, grid.height));
  console.log(`wrote ${out} (${n} ${dataset.name} samples, ${grid.width}×${grid.height})`);
  return 0;
}

/** Per factor: each value's row count as a bar. */
function printHistograms(src: FileSource): void {
  const F = src.factors.length;
  for (const [f, factor] of src.factors.entries()) {
    const counts = new Array<number>(factor.values.length).fill(0);
    for (let i = 0; i < src.n; i++) counts[src.z[i * F + f]]++;
    const max = Math.max(...counts);
    console.log(`${factor.name}:`);
    const w = Math.max(...factor.values.map((v) => v.length));
    factor.values.forEach((v, k) => console.log(`  ${v.padEnd(w)}  ${String(counts[k]).padStart(7)}  ${'#'.repeat(Math.round((40 * counts[k]) / Math.max(1, max)))}`));
  }
}

async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { config: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError('give exactly one dataset file');
  const raw = readConfig(values.config as string | undefined);
  let file;
  try {
    file = validateDataConfig({ ...raw, dataset: 'file', file: { ...((raw.file as object) ?? {}), path: positionals[0] } }).file!;
  } catch (e) {
    throw new UsageError(`invalid data config: ${(e as Error).message.replace(/^wtanet: /, '')}`, { usage: false });
  }
  const t0 = performance.now();
  const arrays = readDatasetArrays(file);
  let src: FileSource;
  try {
    src = datasetFromArrays(arrays);
  } catch (e) {
    // Count every row with a NaN or infinite input before the one line naming the first.
    const per = arrays.xShape.slice(1).reduce((a, b) => a * b, 1);
    let bad = 0;
    for (let i = 0; i < arrays.xShape[0] && per > 0; i++) {
      for (let j = 0; j < per; j++) if (!Number.isFinite(Number(arrays.x[i * per + j]))) { bad++; break; }
    }
    if (bad > 0) console.log(`${file.path}: ${bad} of ${arrays.xShape[0]} rows of x hold NaN or infinite values`);
    throw e;
  }
  const ms = performance.now() - t0;
  console.log(`${file.path}: ${src.n} rows, read in ${(ms / 1000).toFixed(2)} s`);
  console.log(`  x        ${src.xDtype} [${src.xShape.join(', ')}] → ${src.inputShape.length === 3 ? `images [C, H, W] = [${src.inputShape.join(', ')}]` : `vectors of ${src.inputShape[0]}`}${src.xDtype === '|u1' && src.inputShape.length === 3 ? ', uint8 scaled to [0, 1]' : ''}`);
  let lo = Infinity, hi = -Infinity;
  for (const v of src.x) { if (v < lo) lo = v; if (v > hi) hi = v; }
  // uint8 inputs are kept as bytes (FileSource.x): show the values they stand for.
  if (src.x instanceof Uint8Array) [lo, hi] = [Math.fround(lo * src.xScale), Math.fround(hi * src.xScale)];
  console.log(`           values from ${lo} to ${hi}; no NaN or infinite values`);
  const F = src.factors.length;
  console.log(`  factors  ${F}: ${src.factors.map((f) => `${f.name} (${f.values.length})`).join(', ')}`);
  const combos = new Set<string>();
  for (let i = 0; i < src.n; i++) combos.add(src.z.subarray(i * F, i * F + F).join(','));
  const all = src.factors.reduce((a, f) => a * f.values.length, 1);
  console.log(`           ${combos.size} of ${all} factor combinations present`);
  if (src.tasks !== null) console.log(`  tasks    ${src.tasks.count} given: ${src.tasks.names.join(', ')} (they replace data.tasks)`);
  printHistograms(src);
  const warnings = factorWarnings(src);
  for (const w of warnings) console.log(`warning: ${w}`);
  if (warnings.length === 0) console.log('ok: no constant or duplicated factors');
  return 0;
}

/** Constant factors, unused values, and factors that are relabelings of each other. */
function factorWarnings(src: FileSource): string[] {
  const F = src.factors.length;
  const out: string[] = [];
  const counts = src.factors.map((f, k) => {
    const c = new Array<number>(f.values.length).fill(0);
    for (let i = 0; i < src.n; i++) c[src.z[i * F + k]]++;
    return c;
  });
  src.factors.forEach((f, k) => {
    const used = counts[k].filter((c) => c > 0).length;
    if (used === 1) out.push(`factor '${f.name}' is constant (every row has ${f.values[counts[k].findIndex((c) => c > 0)]}); it cannot be learned`);
    const unused = f.values.filter((_, v) => counts[k][v] === 0);
    if (unused.length > 0) out.push(`factor '${f.name}': no rows with ${unused.slice(0, 5).join(', ')}${unused.length > 5 ? ', …' : ''}`);
  });
  for (let a = 0; a < F; a++)
    for (let b = a + 1; b < F; b++) {
      const ab = new Map<number, number>();
      const ba = new Map<number, number>();
      let same = true;
      for (let i = 0; i < src.n && same; i++) {
        const u = src.z[i * F + a], v = src.z[i * F + b];
        if ((ab.get(u) ?? v) !== v || (ba.get(v) ?? u) !== u) same = false;
        ab.set(u, v);
        ba.set(v, u);
      }
      if (same) out.push(`factors '${src.factors[a].name}' and '${src.factors[b].name}' are duplicates (one determines the other in every row)`);
    }
  return out;
}

export const dataCommand: Command = {
  name: 'data',
  summary: 'inspect datasets: data preview writes a labelled PNG grid of samples; data check reads your own file',
  help,
  async run(argv: string[]): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === 'preview') return preview(rest);
    if (sub === 'check') return check(rest);
    throw new UsageError(sub === undefined ? "missing subcommand; use 'data preview' or 'data check'" : `unknown subcommand '${sub}'; use 'data preview' or 'data check'`);
  },
};

import { readFileSync } from 'node:fs';

import { createDataset, validateDataConfig, type DataSources } from '../../data/index.js';
import { parseJson } from '../../data/check.js';
import { streams } from '../../data/prng.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { loadDspritesFile } from '../../io/dsprites-file.js';
import { encodePng } from '../../io/png.js';
import { renderSampleGrid, shrinkImages } from '../../io/sample-grid.js';
import { intFlag, parse } from '../args.js';
import { UsageError, type Command } from '../command.js';

const help = `Usage: wtanet data preview --out FILE.png [--dataset entangled|shapes|dsprites] [--n N] [--seed N] [--config FILE] [--path FILE]

Writes a PNG grid of random samples of a dataset, each labelled with its factor values.
Images are drawn as they are fed to the network; 'entangled' vectors as heat maps.

Options:
  --out FILE       the PNG to write (required)
  --dataset NAME   entangled, shapes or dsprites (default: the config's, else entangled)
  --n N            number of samples, 1 to 256 (default 16)
  --seed N         seed of the dataset and of the samples (default 0)
  --config FILE    a JSON data config (the "data" section of a run config, or a whole run config)
  --path FILE      the dSprites .npz (dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz); never downloaded

Examples:
  wtanet data preview --dataset shapes --out preview.png
  wtanet data preview --dataset dsprites --path ~/data/dsprites.npz --out dsprites.png --n 25`;

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
  });
  const out = values.out as string | undefined;
  if (out === undefined) throw new UsageError('--out FILE.png is required');
  const n = intFlag('n', values.n as string | undefined, 1, 256) ?? 16;
  const seed = intFlag('seed', values.seed as string | undefined, 0) ?? 0;
  const raw = readConfig(values.config as string | undefined);
  if (values.dataset !== undefined) raw.dataset = values.dataset;
  if (values.path !== undefined) raw.dsprites = { ...((raw.dsprites as object) ?? {}), path: values.path };
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
  const rng = streams(seed).data;
  const dataset = createDataset(cfg, rng.fork('dataset'), sources);
  const F = dataset.factors.length;
  const pick = rng.fork('preview');
  const z = new Int32Array(n * F);
  for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) z[i * F + f] = pick.int(dataset.factors[f].values.length);
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

export const dataCommand: Command = {
  name: 'data',
  summary: 'inspect datasets: data preview writes a labelled PNG grid of samples',
  help,
  async run(argv: string[]): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === 'preview') return preview(rest);
    throw new UsageError(sub === undefined ? "missing subcommand; use 'data preview'" : `unknown subcommand '${sub}'; use 'data preview'`);
  },
};

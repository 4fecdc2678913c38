/** buildData: config + seed → dataset, tasks, IID splits and the held-out-combination split. */
import { validateDataConfig, type DataConfig } from './config.js';
import { createDsprites, type DspritesSource } from './datasets/dsprites.js';
import { createProceduralDsprites } from './datasets/dsprites-render.js';
import { createEntangled } from './datasets/entangled.js';
import { buildFileData, createFileDataset, type FileSource } from './datasets/file.js';
import { createOnehot } from './datasets/onehot.js';
import { createShapes } from './datasets/shapes.js';
import { streams, type Rng } from '../base/prng.js';
import { chooseHeldOut, sampleRows, sampleTrainRows } from './splits.js';
import { createTasks } from './tasks/index.js';
import type { DataBundle, Dataset, Split } from './types.js';

/** Data that must be loaded from outside (files) before building; see src/io/dsprites-file.ts. */
export interface DataSources {
  dsprites?: DspritesSource;
  /** Dataset 'file': the arrays, read by readDatasetFile (wtanet/node) or made by datasetFromArrays. */
  file?: FileSource;
}

function needFile(config: DataConfig, sources: DataSources): FileSource {
  if (sources.file === undefined) {
    throw new Error(`data.dataset: 'file' needs its arrays loaded first: await readDatasetFile(config.data.file) (wtanet/node) or datasetFromArrays(...), and pass { file } to buildData`);
  }
  return sources.file;
}

export function createDataset(config: DataConfig, rng: Rng, sources: DataSources = {}): Dataset {
  switch (config.dataset) {
    case 'entangled':
      return createEntangled(config.entangled, rng);
    case 'shapes':
      return createShapes(config.shapes);
    case 'onehot':
      return createOnehot(config.onehot);
    case 'dsprites':
      if (sources.dsprites === undefined && config.dsprites.source === 'procedural') return createProceduralDsprites(config.dsprites.bins, config.dsprites.size);
      if (sources.dsprites === undefined) {
        throw new Error(
          `data.dataset: 'dsprites' needs its images loaded first: await loadDspritesFile('${config.dsprites.path}') (wtanet/io) and pass { dsprites } to buildData`,
        );
      }
      return createDsprites(sources.dsprites, config.dsprites.bins);
    case 'file':
      return createFileDataset(needFile(config, sources));
  }
}

/**
 * Builds every split. Each split draws factor rows and observation noise from its own named fork
 * of the `data` stream, so changing nTrain does not change the validation or held-out samples,
 * and tasks come from the `tasks` stream, so changing the dataset options does not change them.
 * `seed` is the run's seed; the config's own `seed`, when set, takes its place (restarts of a run).
 */
export function buildData(config: Partial<DataConfig>, seed: number, sources: DataSources = {}): DataBundle {
  const cfg = validateDataConfig(config);
  const { data, tasks: taskRng } = streams(cfg.seed ?? seed);
  if (cfg.dataset === 'file') {
    // A file's rows are split, never resampled: see datasets/file.ts.
    const src = needFile(cfg, sources);
    return buildFileData(src, cfg, data.fork('file'), (factors) => createTasks(cfg.tasks, factors, taskRng));
  }
  const dataset = createDataset(cfg, data.fork('dataset'), sources);
  checkSplitSizes(cfg, dataset.inputShape);
  const F = dataset.factors.length;
  const held = chooseHeldOut(dataset.factors, cfg.heldoutFraction, cfg.coverage, data.fork('heldout'));

  const split = (name: string, n: number, rows: (r: Rng) => Int32Array): Split => {
    const r = data.fork(name);
    const z = rows(r.fork('rows'));
    return { n, z, x: dataset.observe(z, n, r.fork('observe')) };
  };
  const train = split('train', cfg.nTrain, (r) => sampleTrainRows(dataset.factors, held, cfg.nTrain, cfg.coverage, r));
  const iid = (n: number) => (r: Rng) => sampleRows(F, n, (out) => held.sampleTrain(r, out));
  const val = split('val', cfg.nVal, iid(cfg.nVal));
  const test = split('test', cfg.nTest, iid(cfg.nTest));
  const heldout = split('heldout', cfg.nHeldout, (r) => sampleRows(F, cfg.nHeldout, (out) => held.sampleHeldOut(r, out)));
  const tasks = createTasks(cfg.tasks, dataset.factors, taskRng);
  return { dataset, tasks, train, val, test, heldout, heldOutCombinations: held.list() };
}

/** The largest typed array Node reliably allocates: beyond it a split cannot be held at all. */
const MAX_VALUES_PER_SPLIT = 2 ** 31 - 1;

/** Fails at once on a split no machine can hold, instead of sampling for minutes and then running out of memory. */
function checkSplitSizes(cfg: DataConfig, inputShape: readonly number[]): void {
  const perSample = inputShape.reduce((a, b) => a * b, 1);
  const max = Math.floor(MAX_VALUES_PER_SPLIT / perSample);
  for (const field of ['nTrain', 'nVal', 'nTest', 'nHeldout'] as const) {
    const n = cfg[field];
    if (n > max) {
      const gb = ((n * perSample * 4) / 1e9).toFixed(0);
      throw new Error(`data.${field}: ${n} samples of ${perSample} values each would take ${gb} GB as float32; allowed: at most ${max} samples`);
    }
  }
}

// Public API of the data layer (browser-safe; file loading lives in src/io).
export { Rng, streams } from '../base/prng.js';
export type { Factor, Dataset, Task, Split, DataBundle } from './types.js';
export { buildData, createDataset, type DataSources } from './build.js';
export { validateDataConfig, DATA_DEFAULTS, DATASETS, type DataConfig, type DatasetName, type DspritesOptions, type FileOptions, FILE_DEFAULTS, type TaskFamilyConfig } from './config.js';
export { parseFormula, type Formula } from './formula.js';
export { createTasks } from './tasks/index.js';
export { formulaTask } from './tasks/formula.js';
export { chooseHeldOut, type Coverage, type HeldOut } from './splits.js';
export { createEntangled, ENTANGLED_DEEP_DEFAULTS, ENTANGLED_DEFAULTS, type EntangledOptions } from './datasets/entangled.js';
export { createShapes, SHAPES_DEFAULTS, type ShapesOptions } from './datasets/shapes.js';
export { createDsprites, dspritesFactorRow, DSPRITES_DEFAULT_BINS, type DspritesSource, type DspritesBins } from './datasets/dsprites.js';
export { datasetFromArrays, createFileDataset, buildFileData, rowReader, MAX_FACTOR_VALUES, MAX_INPUT_BYTES, type FileArrays, type FileSource } from './datasets/file.js';

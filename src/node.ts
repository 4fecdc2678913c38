// Node-only API of wtanet (`import … from 'wtanet/node'`): everything that touches the
// file system. The package root ('wtanet') stays browser-safe.
export { trainRun, resumeRun, readRunConfig, type RunOptions, type RunResult } from './experiments/run-folder.js';
export { trainBestOfFolder, resumeBestOfFolder, chosenRunDir, BEST_OF_FILE, type BestOfFile, type BestOfOptions, type BestOfRunResult } from './experiments/best-of-folder.js';
export { runStudy, type StudyFile } from './experiments/studies/run-study.js';
export { studyRows, STUDIES, type StudyName, type StudyRow, type StudyRunResult } from './experiments/studies/rows.js';
export { saveCheckpoint, loadCheckpoint, type CheckpointData } from './io/checkpoint.js';
export { writeFileAtomic } from './io/atomic.js';
export { loadDspritesFile, type DspritesLoadOptions } from './io/dsprites-file.js';
export { readNpy, writeNpy, type NpyArray } from './io/npy.js';
export { readDatasetFile } from './io/dataset-file.js';

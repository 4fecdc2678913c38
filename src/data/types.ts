/** Shared data types: factors, datasets, tasks, splits (see /work/shared interfaces contract). */
import type { Rng } from '../base/prng.js';

/** One categorical latent factor, e.g. {name: 'color', values: ['red', 'green', ...]}. */
export interface Factor {
  name: string;
  values: string[];
}

export interface Dataset {
  readonly name: string;
  readonly factors: readonly Factor[];
  /** Per sample: [D] for vectors, [C, H, W] for images. */
  readonly inputShape: readonly number[];
  /** Observations for n factor rows z (n × F, row-major int32): returns n × prod(inputShape) float32. */
  observe(z: Int32Array, n: number, rng: Rng): Float32Array;
}

export interface Task {
  readonly name: string;
  readonly numClasses: number;
  /** Indices of the factors the label depends on. */
  readonly dependsOn: readonly number[];
  labels(z: Int32Array, n: number): Int32Array;
}

export interface Split {
  n: number;
  x: Float32Array;
  /** n × F factor values. */
  z: Int32Array;
}

export interface DataBundle {
  dataset: Dataset;
  tasks: Task[];
  /** IID splits: only combinations seen in training. */
  train: Split;
  val: Split;
  test: Split;
  /** Samples of the held-out combinations (never in train). */
  heldout: Split;
  /** Each a full factor-value tuple. */
  heldOutCombinations: number[][];
}

import { Rng } from '../base/prng.js';
import { accuracy, trainReadout } from './readout.js';

// Linear probe vs small-MLP probe: the same softmax classifier with and without a hidden ReLU
// layer, trained on one split and tested on another. Used to show that a dataset's factors are
// (or are not) linearly decodable from the raw observations.

export interface ProbeData {
  x: Float32Array;
  n: number;
  d: number;
  y: Int32Array;
}

export interface ProbeResult {
  trainAccuracy: number;
  testAccuracy: number;
}

export interface ProbeOptions {
  /** Hidden widths; [] = linear probe (default []). */
  hidden?: number[];
  steps?: number;
  lr?: number;
  seed?: number;
}

export function probe(train: ProbeData, test: ProbeData, numClasses: number, options: ProbeOptions = {}): ProbeResult {
  if (train.d !== test.d) throw new Error(`probe: train inputs have width ${train.d}, test inputs ${test.d}`);
  const hidden = options.hidden ?? [];
  const readout = trainReadout(train.x, train.n, train.d, train.y, numClasses, {
    hidden,
    method: 'adam',
    steps: options.steps ?? 500,
    lr: options.lr ?? 0.01,
    rng: new Rng(options.seed ?? 0, 'probe'),
  });
  const result = {
    trainAccuracy: accuracy(readout.predict(train.x, train.n), train.y),
    testAccuracy: accuracy(readout.predict(test.x, test.n), test.y),
  };
  readout.dispose();
  return result;
}

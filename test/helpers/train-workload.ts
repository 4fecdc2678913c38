// A few training steps through the public API, shared by the runtime tests (Node, workerd,
// Deno, Bun): same seed and config → the same losses, bit for bit, in every runtime. Imports
// nothing at run time; the caller passes the library it loaded.
import type * as Wtanet from '../../src/index.js';
import { detExp, detLog } from '../../src/base/det-math.js';

export const TRAIN_CONFIG = {
  seed: 11,
  data: {
    dataset: 'entangled',
    entangled: { cardinalities: [3, 3], dim: 8, depth: 1, width: 16 },
    tasks: [{ family: 'factor' }, { family: 'partition', perFactor: 1 }],
    nTrain: 192, nVal: 64, nTest: 32, nHeldout: 16,
  },
  model: { encoder: { type: 'mlp', hidden: [16] }, bottleneck: { variant: 'wta', groups: 2, units: 3 }, heads: { type: 'linear' } },
  train: { epochs: 2, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 } },
};

/** Train and validation loss of every epoch, as JSON (numbers round-trip exactly). */
export async function trainLosses(lib: typeof Wtanet): Promise<string> {
  const config = lib.validateRunConfig(TRAIN_CONFIG);
  const trainer = new lib.Trainer(config, lib.buildData(config.data, config.seed));
  try {
    const out = await trainer.run();
    return JSON.stringify(out.history.map((m) => [m.train.loss, m.val.loss]));
  } finally {
    trainer.dispose();
  }
}

/** A digest of detExp/detLog over 100 000 seeded arguments: equal in every engine. */
export function detMathDigest(): string {
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  let s = 20261130;
  let h = 0;
  for (let i = 0; i < 100_000; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s / 2 ** 32;
    f[0] = detExp(-60 + 70 * r);
    h = (Math.imul(h, 31) + (u[0] ^ u[1])) >>> 0;
    f[0] = detLog(1e-300 + 1e6 * r);
    h = (Math.imul(h, 31) + (u[0] ^ u[1])) >>> 0;
  }
  return h.toString(16);
}

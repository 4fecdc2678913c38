// The demo's training Worker: one run per Worker, so the runs of a preset train side by side and
// the page stays responsive. A run uses the threads the page gives it where the page is
// cross-origin isolated (wtanet demo's server is), one elsewhere: the same bits either way. It
// uses the package's browser-safe root, exactly as the CLI does, so a config trains to the same
// bits here as with `wtanet train` (the page shows that config).
//
// Messages in: setup {config, threads, samples, file} (build data and model, report epoch 0;
// `file`: the FileSource of a dropped file, parsed by the page, for data.dataset 'file'), play,
// step (one more epoch), pause (after the epoch in progress), stop. Pausing happens only between
// epochs (Trainer.run's stopAtEpoch), and run() continues from its state, so a paused and resumed
// run computes exactly the bits of an uninterrupted one.
import * as wtanet from '../dist/src/index.js';

/** How often (in steps) progress is posted: often enough for a smooth bar, not a flood. */
const STEP_POST_EVERY = 4;

let trainer = null;
let data = null;
let config = null;
let hooks = null;
let running = false;
let controller = null;
let finished = false;
const history = [];

function codeInput() {
  const { groups, units, variant } = config.model.bottleneck;
  const { codes } = trainer.model.encode(data.test.x, data.test.n);
  return { codes, n: data.test.n, d: groups * units, groups, z: data.test.z, factors: data.dataset.factors, kind: wtanet.codeKind(variant) };
}

/** The code on the test split: its NMI (factors × groups) and each unit's best factor value. */
function codeReport() {
  const { report, table } = wtanet.computeInformationMetrics(codeInput(), { dci: false });
  return {
    nmi: report.group.nmi, bestGroupNmi: report.bestGroupNmi, symbolicity: report.symbols.symbolicity,
    units: table.units.map((u) => ({ unit: u.unit, group: u.group, index: u.index, wins: u.wins, factor: u.factor, value: u.value, purity: u.purity, coverage: u.coverage, symbol: u.symbol })),
  };
}

const mean = (tasks) => Object.values(tasks).reduce((s, t) => s + t.accuracy, 0) / Math.max(1, Object.keys(tasks).length);

function onProgress(p) {
  if (p.metrics === undefined) {
    if (p.step % STEP_POST_EVERY === 0 || p.step === p.stepsPerEpoch) self.postMessage({ type: 'step', epoch: p.epoch, epochs: p.epochs, step: p.step, steps: p.stepsPerEpoch, loss: p.loss });
    return;
  }
  const m = p.metrics;
  self.postMessage({ type: 'epoch', epoch: m.epoch, epochs: p.epochs, trainLoss: m.train.loss, valLoss: m.val.loss, trainAcc: mean(m.train.tasks), valAcc: mean(m.val.tasks), ...codeReport() });
}

function setup({ config: raw, threads: asked = 1, samples = 8, file = null }) {
  return (async () => {
    // Before the first tensor: threads install their own kernel module.
    const threads = await wtanet.useThreads(asked);
    await wtanet.ready();
    config = wtanet.validateRunConfig(raw);
    data = wtanet.buildData(config.data, config.seed, file !== null ? { file } : {});
    trainer = new wtanet.Trainer(config, data);
    const k = Math.min(samples, data.test.n);
    const size = data.dataset.inputShape.reduce((a, b) => a * b, 1);
    const F = data.dataset.factors.length;
    self.postMessage({
      type: 'start', config, threads: threads.threads, threadsNote: threads.reason ?? null,
      factors: data.dataset.factors.map((f) => ({ name: f.name, values: [...f.values] })),
      tasks: data.tasks.map((t) => t.name), stepsPerEpoch: trainer.stepsPerEpoch,
      inputShape: [...data.dataset.inputShape],
      samples: { x: data.test.x.slice(0, k * size), z: data.test.z.slice(0, k * F), n: k },
    });
    // Epoch 0: the untrained network, so no panel starts blank.
    const val = trainer.evaluate(data.val);
    self.postMessage({ type: 'epoch', epoch: 0, epochs: config.train.epochs, trainLoss: null, valLoss: val.loss, trainAcc: null, valAcc: mean(val.tasks), ...codeReport() });
  })();
}

/** Trains until `until` epochs are complete (undefined: to the end), unless paused or stopped. */
async function go(until) {
  if (finished) return;
  if (running) {
    hooks.stopAtEpoch = until;
    return;
  }
  running = true;
  controller = new AbortController();
  hooks = { onProgress, signal: controller.signal, stopAtEpoch: until };
  const outcome = await trainer.run(hooks);
  running = false;
  history.push(...outcome.history);
  if (outcome.reason === 'paused') {
    self.postMessage({ type: 'paused', epoch: trainer.state.epoch });
    return;
  }
  if (outcome.reason === 'aborted') {
    self.postMessage({ type: 'stopped', epoch: trainer.state.epoch });
    return;
  }
  finished = true;
  const input = codeInput();
  const checkpoint = wtanet.encodeCheckpoint(wtanet.trainerSnapshot(trainer));
  const codes = wtanet.writeNpy({ data: input.codes, shape: [input.n, input.d] });
  const factors = wtanet.writeNpy({ data: data.test.z, shape: [input.n, data.dataset.factors.length] });
  self.postMessage({
    type: 'done', reason: outcome.reason, message: outcome.message ?? null,
    losses: history.map((m) => [m.train.loss, m.val.loss]),
    checkpoint, codes, factors,
  }, [checkpoint.buffer, codes.buffer, factors.buffer]);
}

let ready = null;
self.onmessage = async ({ data: m }) => {
  try {
    if (m.type === 'setup') {
      ready = setup(m);
      await ready;
    } else if (m.type === 'play') {
      await ready;
      await go(undefined);
    } else if (m.type === 'step') {
      await ready;
      await go(trainer.state.epoch + 1);
    } else if (m.type === 'pause') {
      // After the epoch in progress (an epoch is the unit a run can resume from bit-exactly).
      if (running) hooks.stopAtEpoch = trainer.state.epoch + 1;
    } else if (m.type === 'stop') {
      if (running) controller.abort();
      else self.postMessage({ type: 'stopped', epoch: trainer?.state.epoch ?? 0 });
    }
  } catch (e) {
    running = false;
    self.postMessage({ type: 'error', message: String((e && e.message) || e) });
  }
};

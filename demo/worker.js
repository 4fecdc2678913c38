// The demo's training Worker: one run per Worker, so two variants train side by side and the
// page stays responsive. A run uses the threads the page gives it where the page is
// cross-origin isolated (wtanet demo's server is), one elsewhere: the same bits either way. It uses the package's browser-safe root, exactly as the CLI does, so
// a config trains to the same bits here as with `wtanet train` (the page shows that config).
import * as wtanet from '../dist/src/index.js';

/** How often (in steps) progress is posted: often enough for a smooth bar, not a flood. */
const STEP_POST_EVERY = 4;

self.onmessage = async (event) => {
  const { config: raw, threads: asked = 1 } = event.data;
  let trainer = null;
  try {
    // Before the first tensor: threads install their own kernel module.
    const threads = await wtanet.useThreads(asked);
    await wtanet.ready();
    const config = wtanet.validateRunConfig(raw);
    const data = wtanet.buildData(config.data, config.seed);
    trainer = new wtanet.Trainer(config, data);
    const { groups, units } = config.model.bottleneck;
    const kind = wtanet.codeKind(config.model.bottleneck.variant);
    const codeInput = () => {
      const { codes } = trainer.model.encode(data.test.x, data.test.n);
      return { codes, n: data.test.n, d: groups * units, groups, z: data.test.z, factors: data.dataset.factors, kind };
    };
    self.postMessage({ type: 'start', config, threads: threads.threads, threadsNote: threads.reason ?? null, factors: data.dataset.factors.map((f) => ({ name: f.name, values: [...f.values] })), tasks: data.tasks.map((t) => t.name) });
    const outcome = await trainer.run({
      onProgress(p) {
        if (p.metrics === undefined) {
          if (p.step % STEP_POST_EVERY === 0 || p.step === p.stepsPerEpoch) self.postMessage({ type: 'step', epoch: p.epoch, epochs: p.epochs, step: p.step, steps: p.stepsPerEpoch, loss: p.loss });
          return;
        }
        // Once per epoch: the code on the test split, its NMI (factors × groups) and symbol table.
        const input = codeInput();
        const report = wtanet.computeAllMetrics(input, { dci: false, fewShotK: [] });
        const table = wtanet.symbolTable(input);
        const m = p.metrics;
        const mean = (tasks) => Object.values(tasks).reduce((s, t) => s + t.accuracy, 0) / Math.max(1, Object.keys(tasks).length);
        self.postMessage({
          type: 'epoch', epoch: m.epoch, epochs: p.epochs,
          trainLoss: m.train.loss, valLoss: m.val.loss, trainAcc: mean(m.train.tasks), valAcc: mean(m.val.tasks),
          nmi: report.group.nmi, infoM: report.group.infoM, symbolicity: report.symbols.symbolicity,
          units: table.units.map((u) => ({ unit: u.unit, group: u.group, factor: u.factor, value: u.value, purity: u.purity, coverage: u.coverage, symbol: u.symbol })),
        });
      },
    });
    const input = codeInput();
    const checkpoint = wtanet.encodeCheckpoint(wtanet.trainerSnapshot(trainer));
    const codes = wtanet.writeNpy({ data: input.codes, shape: [input.n, input.d] });
    const factors = wtanet.writeNpy({ data: data.test.z, shape: [input.n, data.dataset.factors.length] });
    self.postMessage({
      type: 'done', reason: outcome.reason, message: outcome.message ?? null,
      losses: outcome.history.map((m) => [m.train.loss, m.val.loss]),
      checkpoint, codes, factors,
    }, [checkpoint.buffer, codes.buffer, factors.buffer]);
  } catch (e) {
    self.postMessage({ type: 'error', message: String((e && e.message) || e) });
  } finally {
    trainer?.dispose();
  }
};

// The demo page. A preset is a few runs on the same seed and data (e.g. WTA with regrouping,
// plain WTA and a relu bottleneck of the same width), each in its own training Worker. The page
// sets them up at once and shows the untrained network (epoch 0); Play / Pause / Step / Stop
// drive all of them, and each epoch redraws the NMI heatmap (factors × groups), the units, the
// loss and accuracy curves, and the summary chart of how far each run is from the factorial code.
// Plain ES module, no build step: the page works from any static host that serves the package
// folder (demo/ next to dist/).
//
// Your data: a file dropped on the page (or chosen) is parsed here with the library's own
// browser-safe reader (parseDatasetFile + datasetFromArrays, the code `wtanet train --data` uses),
// summarized, and sent to each run's Worker, which trains on it exactly as on built-in data.

import { datasetFromArrays, parseDatasetFile } from '../dist/src/index.js';

const form = document.getElementById('controls');
const panels = document.getElementById('panels');
const template = document.getElementById('panel-template');
const formStatus = document.getElementById('form-status');
const playButton = document.getElementById('play');
const stepButton = document.getElementById('step');
const stopButton = document.getElementById('stop');
const clock = document.getElementById('clock');
const storyChart = document.getElementById('story-chart');
const ownData = document.getElementById('own-data');
const fileStatus = document.getElementById('file-status');
const fileSummary = document.getElementById('file-summary');
const dropZone = document.getElementById('drop');
const fileInput = document.getElementById('data-file');

/** A group "holds" a factor when their NMI reaches this (the library's FACTORIAL_NMI). */
const HELD = 0.95;
/** Off the permutation, a heatmap cell must stay below this for the matrix to count as a permutation. */
const OFF = 0.05;

/** For tests and curious users: the state of every run. */
const demo = { state: 'idle', preset: null, runs: [], error: null, trainingSeconds: 0, file: null };
window.__demo = demo;

// ---------------------------------------------------------------------------------------------
// Presets: each a list of runs, every config the JSON `wtanet train --config` takes.

const onehot = (variant, regroup) => ({
  seed: 1,
  data: {
    dataset: 'onehot', onehot: { cardinalities: [4, 4, 4, 4] }, tasks: [{ family: 'indicator' }],
    nTrain: 2048, nVal: 256, nTest: 1024, nHeldout: 1024,
  },
  model: { encoder: { type: 'mlp', hidden: [] }, bottleneck: { variant, groups: 4, units: 4 }, heads: { type: 'linear' } },
  train: { epochs: 30, batchSize: 32, optimizer: { type: 'sgd', lr: 1, momentum: 0 }, headL2: 0.01, ...(regroup ? { regroup: { every: 3 } } : {}) },
});

const ring = (variant, regroup) => ({
  seed: 1,
  data: {
    dataset: 'entangled', entangled: { mixing: 'ring' }, tasks: [{ family: 'indicator' }],
    nTrain: 16384, nVal: 512, nTest: 1024, nHeldout: 1024,
  },
  model: { encoder: { type: 'mlp', hidden: [256, 256] }, bottleneck: { variant, groups: 4, units: 4 }, heads: { type: 'linear' } },
  train: {
    epochs: 60, batchSize: 64, optimizer: { type: 'adam', lr: 0.003 }, schedule: { type: 'cosine', minLr: 0, warmupEpochs: 2 },
    headL2: 0.001, ...(regroup ? { regroup: { every: 3 } } : {}),
  },
});

const shapes = (variant) => ({
  seed: 1,
  data: { dataset: 'shapes', shapes: { size: 16, grid: 2 }, tasks: [{ family: 'indicator' }], nTrain: 2048, nVal: 512, nTest: 512, nHeldout: 256 },
  model: { encoder: { type: 'cnn', channels: [8, 16], kernel: 3, stride: 2 }, bottleneck: { variant, groups: 3, units: 4 }, heads: { type: 'linear' } },
  train: { epochs: 12, batchSize: 64, optimizer: { type: 'adam', lr: 0.003 } },
});

const COLOURS = ['#1d4e89', '#d4761c', '#6b6b6b'];

const PRESETS = {
  onehot: {
    note: 'The theorem\'s setting in its plainest form: the 4 factors are the input (one-hot), the tasks are one indicator per factor value (16 tasks), SGD with a small L2 penalty on the task heads, which makes the factorial code the unique optimum. All three runs share seed, data and width (4 groups × 4 units); only the bottleneck and the regrouping differ.',
    data: 'The input is the factors themselves, one-hot: 16 numbers (4 factors × 4 values; dark = 1). There is nothing to disentangle in the input; the question is whether training finds the factorial code.',
    runs: () => [
      { name: 'wta + regrouping', note: 'every 3 epochs the units are regrouped so that each group holds units that never fire together (no factor labels used)', config: onehot('wta', true) },
      { name: 'plain wta', note: 'the same training without regrouping', config: onehot('wta', false) },
      { name: 'relu (same width)', note: 'a non-WTA bottleneck of the same 16 units; regrouping does not apply (groups mean nothing for relu)', config: onehot('relu', false) },
    ],
  },
  ring: {
    note: 'Entangled ring data with 4 values per factor — the only entangled shape where the procedure is measured to work (19 of 20 seeds factorial; 6-valued factors, deep mixing and images are still open research). The encoder (MLP 256 × 256) must first compute the factors from a non-linear mix. Heavier: 16384 samples, 60 epochs; a few minutes here.',
    data: 'Each sample is 32 numbers (colour = value: blue negative, red positive). Each factor sets the radius of a point at a random angle in its own plane, and a random tanh network mixes the 8 coordinates into 32.',
    runs: () => [
      { name: 'wta + regrouping', note: 'Adam, cosine schedule, head L2 0.001, regrouping every 3 epochs', config: ring('wta', true) },
      { name: 'plain wta', note: 'the same training without regrouping', config: ring('wta', false) },
      { name: 'relu (same width)', note: 'a non-WTA bottleneck of the same 16 units; no regrouping', config: ring('relu', false) },
    ],
  },
  shapes: {
    note: 'Pictures: shape, colour and position (2 × 2 grid) are the factors, read by a small CNN. Not solved: no procedure reaches the factorial code on images yet (regrouping: 0 of 3 measured), so this preset shows the data and how far plain training gets.',
    data: '16 × 16 pixel pictures; each factor value is one shape, one colour or one cell of the 2 × 2 grid.',
    runs: () => [
      { name: 'wta', note: 'Adam, no regrouping', config: shapes('wta') },
      { name: 'relu (same width)', note: 'a non-WTA bottleneck of the same 12 units', config: shapes('relu') },
    ],
  },
  file: {
    note: 'Your own data: inputs and the factor labels you know. Dropping a file fills in the recipe measured on the example file (examples/data/toy.npz: linear encoder, SGD, head L2 0.01, one indicator task per factor value, regrouping every 3 epochs; a CNN and Adam for images); when your inputs entangle the factors, choose an MLP encoder. The config shown under each run trains to the same bits with wtanet train --config, the file next to it.',
    data: () => (ownFile === null ? null : `Your file ${ownFile.name}: ${ownFile.source.n} rows of ${describeInput(ownFile.source)}.`),
    runs: () => (ownFile === null ? [] : customRuns()),
  },
  custom: {
    note: 'Your own setup. Exclusivity regrouping is offered only for wta: it moves units between groups of competing units, and other bottlenecks have no such groups.',
    data: null,
    runs: () => customRuns(),
  },
};

/** The encoders the form offers; each dataset has its natural one (see syncEncoder). */
const ENCODERS = {
  linear: { type: 'mlp', hidden: [] },
  mlp64: { type: 'mlp', hidden: [64, 64] },
  mlp256: { type: 'mlp', hidden: [256, 256] },
  cnn: { type: 'cnn', channels: [8, 16], kernel: 3, stride: 2 },
};

/** A run config from the custom form; the same JSON `wtanet train --config` takes. */
function configFrom(f, variant, regroupAllowed) {
  const int = (name) => Number.parseInt(f.elements[name].value, 10);
  const tasks = [];
  if (f.elements['task-indicator'].checked) tasks.push({ family: 'indicator' });
  if (f.elements['task-factor'].checked) tasks.push({ family: 'factor' });
  if (f.elements['task-partition'].checked) tasks.push({ family: 'partition', perFactor: 2 });
  if (f.elements['task-boolean'].checked) tasks.push({ family: 'boolean', count: 4, arity: 2 });
  const dataset = f.elements.dataset.value;
  const nTrain = int('nTrain');
  const headL2 = Number(f.elements.headL2.value) || 0;
  const sgd = f.elements.optimizer.value === 'sgd';
  const regroup = regroupAllowed && variant === 'wta' && f.elements.regroup.checked;
  const encoder = ENCODERS[f.elements.encoder.value];
  // A file's config names it as `wtanet train` finds it: next to the config, its names file
  // beside it (found by the same base name, or named here when it has another).
  const file = dataset === 'file' ? { path: ownFile.name, ...(ownFile.namesFile !== null && ownFile.namesFile !== sidecarName(ownFile.name) ? { names: ownFile.namesFile } : {}) } : null;
  return {
    seed: int('seed'),
    data: {
      dataset, tasks, nTrain,
      nVal: Math.max(64, Math.round(nTrain / 4)), nTest: Math.max(64, Math.round(nTrain / 4)), nHeldout: Math.max(32, Math.round(nTrain / 8)),
      ...(dataset === 'shapes' ? { shapes: { size: 16, grid: 2 } } : {}),
      ...(file !== null ? { file } : {}),
    },
    model: { encoder, bottleneck: { variant, groups: int('groups'), units: int('units') }, heads: { type: 'linear' } },
    train: {
      epochs: int('epochs'), batchSize: 64,
      optimizer: sgd ? { type: 'sgd', lr: 1, momentum: 0 } : { type: 'adam', lr: 0.003 },
      ...(headL2 > 0 ? { headL2 } : {}),
      ...(regroup ? { regroup: { every: 3 } } : {}),
    },
  };
}

function customRuns() {
  const f = form;
  const main = f.elements.variant.value;
  const runs = [{ name: main + (main === 'wta' && f.elements.regroup.checked ? ' + regrouping' : ''), note: '', config: configFrom(f, main, true) }];
  if (f.elements.compare.checked && f.elements.compareVariant.value !== main) {
    const other = f.elements.compareVariant.value;
    runs.push({ name: other, note: other === 'wta' ? 'no regrouping' : '', config: configFrom(f, other, false) });
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Drawing.

function colour(v) {
  // White (0) to deep blue (1): NMI lies in [0, 1].
  const t = Math.max(0, Math.min(1, v));
  return `rgb(${Math.round(255 - 226 * t)}, ${Math.round(255 - 177 * t)}, ${Math.round(255 - 118 * t)})`;
}

/** Sizes a canvas's backing store to its CSS box at devicePixelRatio; drawing is in CSS pixels. */
function prepare(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const W = canvas.clientWidth || 400, H = canvas.clientHeight || 170;
  const bw = Math.round(W * dpr), bh = Math.round(H * dpr);
  if (canvas.width !== bw || canvas.height !== bh) {
    canvas.width = bw;
    canvas.height = bh;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  return { ctx, W, H };
}

function niceStep(span, count) {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const r = raw / mag;
  return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag;
}

/** A tick label with as many decimals as the tick step needs (0.25 → 2, 0.5 → 1, 5 → 0). */
function fmt(v, step) {
  let d = 0;
  while (d < 4 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-6) d++;
  return v.toFixed(d);
}

/**
 * A line chart with labelled axes. Curves are clipped to the plot area, and legends live in
 * HTML above the canvas, so a curve never crosses them.
 */
function drawChart(canvas, series, { yMin, yMax, xMax, xLabel, yLabel, guide = null, empty = 'press Play to train' }) {
  const { ctx, W, H } = prepare(canvas);
  const L = 50, R = 10, T = 8, B = 34;
  const pw = W - L - R, ph = H - T - B;
  const x = (v) => L + (pw * v) / Math.max(1e-9, xMax);
  const y = (v) => T + ph * (1 - (v - yMin) / Math.max(1e-9, yMax - yMin));
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  // Grid and ticks.
  const ys = niceStep(yMax - yMin, 4);
  ctx.fillStyle = '#555';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let v = Math.ceil(yMin / ys) * ys; v <= yMax + ys * 1e-6; v += ys) {
    ctx.strokeStyle = '#eee';
    ctx.beginPath(); ctx.moveTo(L, Math.round(y(v)) + 0.5); ctx.lineTo(L + pw, Math.round(y(v)) + 0.5); ctx.stroke();
    ctx.fillText(fmt(v, ys), L - 5, y(v));
  }
  const xs = Math.max(1, niceStep(xMax, 6));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let v = 0; v <= xMax + 1e-6; v += xs) ctx.fillText(fmt(v, xs), x(v), T + ph + 4);
  ctx.strokeStyle = '#999';
  ctx.strokeRect(L + 0.5, T + 0.5, pw, ph);
  // Axis labels.
  ctx.fillStyle = '#333';
  ctx.fillText(xLabel, L + pw / 2, T + ph + 18);
  ctx.save();
  ctx.translate(12, T + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(yLabel, 0, 0);
  ctx.restore();
  // Curves, clipped to the plot.
  ctx.save();
  ctx.beginPath();
  ctx.rect(L, T, pw, ph);
  ctx.clip();
  if (guide !== null) {
    ctx.strokeStyle = '#08703a';
    ctx.setLineDash([5, 4]);
    ctx.beginPath(); ctx.moveTo(L, y(guide)); ctx.lineTo(L + pw, y(guide)); ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.lineWidth = 1.6;
  for (const s of series) {
    ctx.strokeStyle = s.colour;
    ctx.fillStyle = s.colour;
    ctx.beginPath();
    s.points.forEach(([px, py], j) => (j === 0 ? ctx.moveTo(x(px), y(py)) : ctx.lineTo(x(px), y(py))));
    ctx.stroke();
    if (s.dots) for (const [px, py] of s.points) { ctx.beginPath(); ctx.arc(x(px), y(py), 2.2, 0, 2 * Math.PI); ctx.fill(); }
  }
  ctx.restore();
  if (series.every((s) => s.points.length <= 1) && empty) {
    ctx.fillStyle = '#999';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(empty, L + pw / 2, T + ph / 2);
  }
}

/** The factorial verdict of a factors × groups NMI matrix. */
function factorialOf(nmi) {
  const F = nmi.length, G = nmi[0]?.length ?? 0;
  // Group g holds factor f when their NMI ≥ 0.95 and no other factor reaches 0.95 with g.
  const heldBy = nmi.map((row, f) => {
    const gs = row.flatMap((v, g) => (v >= HELD && nmi.every((r, f2) => f2 === f || r[g] < HELD) ? [g] : []));
    return gs.length > 0 ? gs.reduce((a, b) => (row[b] > row[a] ? b : a)) : null;
  });
  const held = heldBy.filter((g) => g !== null).length;
  const distinct = new Set(heldBy.filter((g) => g !== null)).size === held;
  const factorial = F > 0 && held === F && distinct;
  let permutation = factorial;
  for (let f = 0; f < F && permutation; f++) for (let g = 0; g < G; g++) if (g !== heldBy[f] && nmi[f][g] >= OFF) permutation = false;
  return { heldBy, held, factorial, permutation };
}

function renderNmi(table, nmi, factors, heldBy) {
  const groups = nmi[0]?.length ?? 0;
  const head = `<caption>outlined: a group that holds a factor (NMI ≥ 0.95)</caption><tr><th>factor ↓ / group →</th>${Array.from({ length: groups }, (_, g) => `<th>g${g}</th>`).join('')}</tr>`;
  const rows = nmi.map((row, f) => `<tr><th>${factors[f].name}</th>${row.map((v, g) => `<td class="${heldBy[f] === g ? 'held' : ''}" style="background:${colour(v)};color:${v > 0.55 ? '#fff' : '#222'}" title="NMI(${factors[f].name}, group ${g}) = ${v.toFixed(3)}">${v.toFixed(2)}</td>`).join('')}</tr>`);
  table.innerHTML = head + rows.join('');
}

function renderUnits(table, units, groups, perGroup) {
  let html = `<tr><th>group</th>${Array.from({ length: perGroup }, (_, i) => `<th>unit ${i}</th>`).join('')}</tr>`;
  for (let g = 0; g < groups; g++) {
    html += `<tr><th>g${g}</th>`;
    for (const u of units.filter((v) => v.group === g)) {
      if (u.wins === 0 || u.factor === null) html += `<td class="dead" title="unit ${u.unit} never fires on the test set">never fires</td>`;
      else html += `<td class="${u.symbol ? 'symbol' : ''}" title="unit ${u.unit}: ${u.factor} = ${u.value}, purity ${u.purity.toFixed(3)}, coverage ${u.coverage.toFixed(3)}${u.symbol ? ' — a symbol' : ''}">${u.factor}=${u.value}<br><small>${u.purity.toFixed(2)} / ${u.coverage.toFixed(2)}</small></td>`;
    }
    html += '</tr>';
  }
  table.innerHTML = html;
}

function renderSamples(start, presetData) {
  const box = document.getElementById('samples');
  const { samples, inputShape, factors, tasks } = start;
  const size = inputShape.reduce((a, b) => a * b, 1);
  const F = factors.length;
  box.innerHTML = '';
  const binary = samples.x.every((v) => v === 0 || v === 1);
  for (let i = 0; i < samples.n; i++) {
    const x = samples.x.subarray(i * size, (i + 1) * size);
    const cell = document.createElement('div');
    cell.className = 'sample';
    const canvas = document.createElement('canvas');
    if (inputShape.length === 3) {
      // A picture, pixel for pixel, scaled up crisply by CSS.
      const [C, Hh, Ww] = inputShape;
      canvas.width = Ww;
      canvas.height = Hh;
      canvas.style.width = `${Ww * 4}px`;
      canvas.style.height = `${Hh * 4}px`;
      const ctx = canvas.getContext('2d');
      const img = ctx.createImageData(Ww, Hh);
      for (let p = 0; p < Hh * Ww; p++) {
        for (let c = 0; c < 3; c++) img.data[p * 4 + c] = Math.round(255 * Math.max(0, Math.min(1, x[(C === 1 ? 0 : c) * Hh * Ww + p])));
        img.data[p * 4 + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
    } else {
      // A vector: one square per value.
      const cw = Math.max(5, Math.min(12, Math.floor(300 / size)));
      const dpr = window.devicePixelRatio || 1;
      canvas.style.width = `${cw * size}px`;
      canvas.style.height = `${cw + 2}px`;
      canvas.width = Math.round(cw * size * dpr);
      canvas.height = Math.round((cw + 2) * dpr);
      const ctx = canvas.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      for (let j = 0; j < size; j++) {
        const v = x[j];
        let fill;
        if (binary) fill = v === 1 ? '#1d4e89' : '#f3f5f8';
        else {
          const t = Math.max(-1, Math.min(1, v / 2));
          fill = t >= 0 ? `rgb(255, ${Math.round(255 - 180 * t)}, ${Math.round(255 - 200 * t)})` : `rgb(${Math.round(255 + 200 * t)}, ${Math.round(255 + 130 * t)}, 255)`;
        }
        ctx.fillStyle = fill;
        ctx.fillRect(j * cw, 1, cw - 1, cw);
      }
    }
    canvas.setAttribute('aria-label', `input of test sample ${i}`);
    const z = document.createElement('div');
    z.className = 'z';
    z.textContent = factors.map((f, k) => `${f.name}=${f.values[samples.z[i * F + k]]}`).join(' · ');
    cell.append(canvas, z);
    box.append(cell);
  }
  const what = inputShape.length === 3 ? `${inputShape[1]} × ${inputShape[2]} pictures` : `vectors of ${size} numbers`;
  const shown = tasks.length <= 4 ? tasks.join(', ') : `${tasks.slice(0, 3).join(', ')}, …`;
  document.getElementById('data-explain').textContent = `${presetData ?? `The input: ${what}.`} Below: ${samples.n} test samples with their factor values. The network never sees the factors, only the labels of ${tasks.length} tasks computed from them (${shown}).`;
}

function offer(link, bytes, name, type) {
  if (link.href) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([bytes], { type }));
  link.download = name;
  link.setAttribute('aria-disabled', 'false');
}

// ---------------------------------------------------------------------------------------------
// Runs and the transport.

let views = [];
let generation = 0;
let trainingSince = null;

function seconds() {
  return demo.trainingSeconds + (trainingSince === null ? 0 : (performance.now() - trainingSince) / 1000);
}

function overallState() {
  const s = demo.runs.map((r) => r.state);
  if (s.length === 0) return 'idle';
  if (s.some((v) => v === 'setting-up')) return 'setting-up';
  if (s.some((v) => v === 'training')) return 'training';
  if (s.some((v) => v === 'error')) return 'error';
  if (s.every((v) => v === 'done')) return 'done';
  if (s.some((v) => v === 'stopped')) return 'stopped';
  if (s.every((v) => v === 'ready')) return 'ready';
  return 'paused';
}

function updateTransport() {
  const before = demo.state;
  demo.state = overallState();
  if (demo.state === 'training' && trainingSince === null) trainingSince = performance.now();
  if (demo.state !== 'training' && trainingSince !== null) {
    demo.trainingSeconds += (performance.now() - trainingSince) / 1000;
    trainingSince = null;
  }
  const st = demo.state;
  playButton.textContent = st === 'training' ? '❚❚ Pause' : st === 'done' || st === 'stopped' || st === 'error' ? '↻ Play again' : '▶ Play';
  playButton.disabled = st === 'setting-up' || st === 'idle';
  stepButton.disabled = !(st === 'ready' || st === 'paused');
  stopButton.disabled = !(st === 'training' || st === 'paused');
  const epochs = demo.runs.map((r) => r.epoch);
  const E = demo.runs[0]?.config.train.epochs ?? 0;
  const label = { idle: '', 'setting-up': 'setting up…', ready: 'ready: press Play (or Step through it epoch by epoch)', training: 'training', paused: 'paused', done: 'done', stopped: 'stopped', error: 'error' }[st];
  clock.textContent = `${label}${epochs.length ? ` · epoch ${Math.min(...epochs)}/${E}` : ''}${demo.trainingSeconds > 0 || trainingSince !== null ? ` · ${seconds().toFixed(1)} s of training` : ''}`;
  if (before !== st) document.body.dataset.state = st;
}

function drawStory() {
  const E = Math.max(1, ...demo.runs.map((r) => r.config.train.epochs));
  drawChart(storyChart, views.map((v, i) => ({ colour: COLOURS[i % COLOURS.length], points: v.run.story, dots: true })), {
    yMin: 0, yMax: 1, xMax: E, xLabel: 'epoch', yLabel: 'mean best-group NMI', guide: HELD,
  });
  document.getElementById('story-legend').innerHTML = views.map((v, i) => `<span class="key" style="--c:${COLOURS[i % COLOURS.length]}">${v.run.name}</span>`).join('');
  document.getElementById('verdicts').innerHTML = views.map((v) => `<span class="${v.run.factorial ? 'yes' : ''}">${v.run.name}: ${verdictText(v.run)}</span>`).join('<br>');
}

function verdictText(run) {
  if (run.nmi === null) return '…';
  const F = run.nmi.length;
  if (run.factorial) {
    const at = run.factorialAt;
    return `✓ factorial code — every factor held by its own group (NMI ≥ 0.95)${run.permutation ? ', the heatmap a permutation matrix' : ''}${at ? `; first at epoch ${at.epoch} (${at.seconds.toFixed(1)} s of training)` : ''}`;
  }
  return `${run.epoch === 0 ? 'untrained: ' : '✗ not factorial: '}${run.held} of ${F} factors held by their own group`;
}

function redrawRun(view) {
  const { run, el } = view;
  const E = run.config.train.epochs;
  const losses = [...run.stepLoss.map((p) => p[1]), ...run.epochs.map((e) => e.valLoss)];
  const top = Math.max(1e-6, ...losses);
  const ys = niceStep(top, 4);
  drawChart(el.querySelector('canvas.loss'), [
    { colour: '#1f6feb', points: run.stepLoss },
    { colour: '#d4761c', points: run.epochs.map((e) => [e.epoch, e.valLoss]), dots: true },
  ], { yMin: 0, yMax: Math.ceil(top / ys) * ys, xMax: E, xLabel: 'epoch', yLabel: 'Σ tasks cross-entropy' });
  drawChart(el.querySelector('canvas.acc'), [
    { colour: '#1f6feb', points: run.epochs.filter((e) => e.trainAcc !== null).map((e) => [e.epoch, e.trainAcc]), dots: true },
    { colour: '#d4761c', points: run.epochs.map((e) => [e.epoch, e.valAcc]), dots: true },
  ], { yMin: 0, yMax: 1, xMax: E, xLabel: 'epoch', yLabel: 'mean task accuracy' });
}

let pending = false;
function redraw() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    for (const v of views) redrawRun(v);
    drawStory();
    updateTransport();
  });
}
window.addEventListener('resize', redraw);

function createRun(spec, index, threads, gen, presetData) {
  const el = template.content.firstElementChild.cloneNode(true);
  panels.append(el);
  const { config } = spec;
  const variant = config.model.bottleneck.variant;
  el.querySelector('h2').textContent = spec.name;
  el.querySelector('h2').style.borderLeft = `5px solid ${COLOURS[index % COLOURS.length]}`;
  el.querySelector('h2').style.paddingLeft = '.4rem';
  el.querySelector('.run-note').textContent = `${variant} bottleneck, ${config.model.bottleneck.groups} groups × ${config.model.bottleneck.units} units${spec.note ? ` — ${spec.note}` : ''}`;
  el.querySelector('.config').textContent = JSON.stringify(config, null, 2);
  const bar = el.querySelector('progress');
  const status = el.querySelector('.status');
  const run = {
    name: spec.name, variant, config, threads: 1, state: 'setting-up', stepLoss: [], epochs: [], story: [], losses: null, error: null,
    epoch: 0, nmi: null, held: 0, factorial: false, permutation: false, factorialAt: null,
  };
  demo.runs[index] = run;
  const view = { run, el, worker: null };
  let factors = [];
  let stepsPerEpoch = 1;
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  view.worker = worker;
  const fail = (message) => {
    run.state = 'error';
    run.error = message;
    status.innerHTML = '';
    status.append(Object.assign(document.createElement('span'), { className: 'error', textContent: message }));
    worker.terminate();
    redraw();
  };
  worker.onmessage = ({ data: m }) => {
    if (gen !== generation) return;
    if (m.type === 'start') {
      run.config = m.config; // the validated config, every default filled in
      factors = m.factors;
      run.threads = m.threads;
      stepsPerEpoch = m.stepsPerEpoch;
      el.querySelector('.config').textContent = JSON.stringify(m.config, null, 2);
      status.textContent = `${m.tasks.length} tasks, ${factors.length} factors, ${m.threads} thread${m.threads === 1 ? '' : 's'}`;
      if (m.threadsNote !== null) status.title = `one thread: ${m.threadsNote}`;
      if (index === 0) renderSamples(m, presetData);
    } else if (m.type === 'step') {
      bar.value = (m.epoch - 1 + m.step / m.steps) / m.epochs;
      run.stepLoss.push([m.epoch - 1 + m.step / m.steps, m.loss]);
      status.textContent = `epoch ${m.epoch}/${m.epochs}, step ${m.step}/${m.steps}, loss ${m.loss.toFixed(4)}`;
      redraw();
    } else if (m.type === 'epoch') {
      run.epochs.push(m);
      run.epoch = m.epoch;
      run.nmi = m.nmi;
      const verdict = factorialOf(m.nmi);
      Object.assign(run, { held: verdict.held, factorial: verdict.factorial, permutation: verdict.permutation, heldBy: verdict.heldBy, bestGroupNmi: m.bestGroupNmi, symbolicity: m.symbolicity });
      if (verdict.factorial && run.factorialAt === null) run.factorialAt = { epoch: m.epoch, seconds: seconds() };
      run.story.push([m.epoch, m.bestGroupNmi]);
      bar.value = m.epoch / m.epochs;
      const v = el.querySelector('.verdict');
      v.textContent = verdictText(run);
      v.className = `verdict ${run.factorial ? 'yes' : m.epoch > 0 ? 'no' : ''}`;
      if (m.epoch === 0) {
        if (run.state === 'setting-up') run.state = 'ready';
        status.textContent += ` — untrained (epoch 0): val loss ${m.valLoss.toFixed(3)}`;
      } else {
        status.textContent = `epoch ${m.epoch}/${m.epochs}: val loss ${m.valLoss.toFixed(4)}, val acc ${m.valAcc.toFixed(3)}, symbolicity ${m.symbolicity.toFixed(3)}`;
      }
      renderNmi(el.querySelector('table.nmi'), m.nmi, factors, verdict.heldBy);
      const { groups, units } = run.config.model.bottleneck;
      renderUnits(el.querySelector('table.symbols'), m.units, groups, units);
      redraw();
    } else if (m.type === 'paused') {
      run.state = 'paused';
      status.textContent = `paused after epoch ${m.epoch}`;
      redraw();
    } else if (m.type === 'stopped') {
      run.state = 'stopped';
      status.textContent = `stopped at epoch ${m.epoch} (Play starts again from epoch 0)`;
      worker.terminate();
      redraw();
    } else if (m.type === 'done') {
      run.losses = m.losses;
      run.state = m.reason === 'completed' || m.reason === 'early-stopping' ? 'done' : 'error';
      if (run.state === 'error') run.error = m.message;
      bar.value = 1;
      status.textContent = m.message ?? `done: ${m.losses.length} epochs, final train loss ${m.losses.at(-1)?.[0].toFixed(6)} (${stepsPerEpoch} steps per epoch)`;
      offer(el.querySelector('.dl-checkpoint'), m.checkpoint, `wtanet-${variant}-seed${run.config.seed}.safetensors`, 'application/octet-stream');
      offer(el.querySelector('.dl-codes'), m.codes, `codes-${variant}.npy`, 'application/octet-stream');
      offer(el.querySelector('.dl-factors'), m.factors, `factors-${variant}.npy`, 'application/octet-stream');
      worker.terminate();
      redraw();
    } else if (m.type === 'error') {
      fail(m.message);
    }
  };
  worker.onerror = (e) => {
    if (gen === generation) fail(e.message || 'the Worker failed to start');
  };
  // Each Worker gets its own copy of the file's rows (a slice: x may view a larger buffer).
  const file = config.data.dataset === 'file' ? { ...ownFile.source, x: ownFile.source.x.slice() } : null;
  worker.postMessage({ type: 'setup', config, threads, samples: 8, file });
  return view;
}

/** Ends the current runs and sets up `specs` at epoch 0. */
function load(presetName, specs) {
  generation++;
  for (const v of views) v.worker?.terminate();
  views = [];
  panels.innerHTML = '';
  demo.runs = [];
  demo.preset = presetName;
  demo.trainingSeconds = 0;
  demo.error = null;
  trainingSince = null;
  document.getElementById('preset-note').textContent = PRESETS[presetName].note;
  // The cores, shared between the runs (a pool reserves up to 4 threads).
  const threads = Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 1) / specs.length)));
  const text = typeof PRESETS[presetName].data === 'function' ? PRESETS[presetName].data() : PRESETS[presetName].data;
  document.getElementById('samples').innerHTML = '';
  document.getElementById('data-explain').textContent = specs.length === 0 && presetName === 'file' ? 'Drop a file above: its samples show here.' : '';
  views = specs.map((s, i) => createRun(s, i, threads, generation, text));
  redraw();
  updateTransport();
}

function send(type) {
  for (const v of views) {
    const s = v.run.state;
    if (s === 'done' || s === 'error' || s === 'stopped') continue;
    if (type === 'play' || type === 'step') v.run.state = 'training';
    v.worker.postMessage({ type });
  }
  updateTransport();
}

let currentSpecs = null;
function choose(presetName) {
  for (const b of document.querySelectorAll('.preset')) b.setAttribute('aria-pressed', String(b.dataset.preset === presetName));
  const own = presetName === 'file';
  form.hidden = presetName !== 'custom' && !(own && ownFile !== null);
  ownData.hidden = !own;
  form.elements.dataset.querySelector('option[value=file]').disabled = ownFile === null;
  if (own && ownFile !== null) form.elements.dataset.value = 'file';
  else if (form.elements.dataset.value === 'file' && !own) form.elements.dataset.value = 'entangled';
  form.elements.dataset.disabled = own;
  syncEncoder();
  formStatus.textContent = '';
  if ((presetName === 'custom' || own) && !customValid()) return;
  currentSpecs = PRESETS[presetName].runs();
  load(presetName, currentSpecs);
}

function customValid() {
  if (!['task-indicator', 'task-factor', 'task-partition', 'task-boolean'].some((n) => form.elements[n].checked)) {
    formStatus.textContent = 'Pick at least one task family.';
    return false;
  }
  return true;
}

playButton.addEventListener('click', () => {
  const st = demo.state;
  if (st === 'training') send('pause');
  else if (st === 'done' || st === 'stopped' || st === 'error') {
    load(demo.preset, PRESETS[demo.preset].runs());
    send('play');
  } else send('play');
});
stepButton.addEventListener('click', () => send('step'));
document.addEventListener('keydown', (e) => {
  // Space plays and pauses, unless a form field or button has the focus.
  if (e.code === 'Space' && e.target === document.body && !playButton.disabled) {
    e.preventDefault();
    playButton.click();
  }
});
stopButton.addEventListener('click', () => send('stop'));
for (const b of document.querySelectorAll('.preset')) b.addEventListener('click', () => choose(b.dataset.preset));

// Custom: regrouping only where groups are competing units (wta).
function syncRegroup() {
  const ok = form.elements.variant.value === 'wta';
  form.elements.regroup.disabled = !ok;
  if (!ok) form.elements.regroup.checked = false;
}
form.elements.variant.addEventListener('change', syncRegroup);
let reload = null;
form.addEventListener('change', () => {
  clearTimeout(reload);
  reload = setTimeout(() => {
    if ((demo.preset === 'custom' || demo.preset === 'file') && demo.state !== 'training' && customValid()) {
      formStatus.textContent = '';
      load(demo.preset, PRESETS[demo.preset].runs());
    }
  }, 250);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(reload);
  if (!customValid()) return;
  formStatus.textContent = '';
  load(demo.preset === 'file' ? 'file' : 'custom', demo.preset === 'file' ? PRESETS.file.runs() : customRuns());
  send('play');
});

// The encoder follows the dataset: each built-in one has its natural encoder (as before the
// choice existed), a file its recipe's (see readFiles).
let encoderFor = null;
function syncEncoder() {
  const dataset = form.elements.dataset.value;
  if (dataset === encoderFor) return;
  encoderFor = dataset;
  form.elements.encoder.value = dataset === 'shapes' ? 'cnn' : dataset === 'onehot' ? 'linear'
    : dataset === 'file' && ownFile !== null ? (ownFile.source.inputShape.length === 3 ? 'cnn' : 'linear') : 'mlp64';
}
form.elements.dataset.addEventListener('change', syncEncoder);

// ---------------------------------------------------------------------------------------------
// Your data: a dropped (or chosen) file.

/** The file the runs of preset 4 train on: { name, namesFile, source (a FileSource) }, or null. */
let ownFile = null;

const sidecarName = (name) => name.replace(/\.[^.]*$/, '') + '.json';

function describeInput(src) {
  const s = src.inputShape;
  const as = src.xDtype === '|u1' && s.length === 3 ? ', uint8 scaled to [0, 1]' : '';
  return s.length === 3 ? `${s[1]} × ${s[2]} pictures with ${s[0]} channel${s[0] === 1 ? '' : 's'} (${src.xDtype} [${src.xShape.join(', ')}]${as})` : `vectors of ${s[0]} numbers (${src.xDtype} [${src.xShape.join(', ')}])`;
}

const escape = (t) => String(t).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** What was read: shapes, each factor with its values (named or not), the file's own tasks. */
function showSummary(file) {
  const src = file.source;
  const F = src.factors.length;
  const counts = src.factors.map(() => null).map((_, f) => {
    const c = new Array(src.factors[f].values.length).fill(0);
    for (let i = 0; i < src.n; i++) c[src.z[i * F + f]]++;
    return c;
  });
  const rows = src.factors.map((f, k) => `<tr><th>${escape(f.name)}</th><td>${f.values.length}</td><td>${f.values.map((v, j) => `${escape(v)} <small>(${counts[k][j]})</small>`).join(', ')}</td></tr>`);
  const named = file.namesFile !== null ? `names from ${escape(file.namesFile)}` : src.factors.some((f) => !/^v\d+$/.test(f.values[0] ?? 'v0')) ? 'value names from the file' : 'no names file: values are numbered (drop its .json with it to name them)';
  fileSummary.innerHTML = `<p><b>${escape(src.name)}</b>: ${src.n} rows of ${escape(describeInput(src))}; ${F} factor${F === 1 ? '' : 's'} (${named})${src.tasks !== null ? `; ${src.tasks.count} tasks given in the file (${escape(src.tasks.names.join(', '))}), they replace the task families` : ''}.</p>
<table class="factors"><tr><th>factor</th><th>values</th><th>their names (rows)</th></tr>${rows.join('')}</table>`;
}

/** Fills the form with the recipe for the file (see PRESETS.file.note). */
function prefill(src) {
  const e = form.elements;
  const images = src.inputShape.length === 3;
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  e.variant.value = 'wta';
  e.groups.value = String(clamp(src.factors.length, 1, 32));
  e.units.value = String(clamp(Math.max(...src.factors.map((f) => f.values.length)), 2, 32));
  e.regroup.checked = true;
  for (const [name, on] of [['task-indicator', true], ['task-factor', false], ['task-partition', false], ['task-boolean', false]]) e[name].checked = on;
  e.optimizer.value = images ? 'adam' : 'sgd';
  e.headL2.value = '0.01';
  e.epochs.value = images ? '12' : '30';
  e.compare.checked = true;
  e.compareVariant.value = 'relu';
  encoderFor = null;
  syncRegroup();
}

/** Reads the dropped or chosen files: one .npz or .csv, and optionally its .json of names. */
async function readFiles(list) {
  const files = [...list];
  const data = files.filter((f) => /\.(npz|csv|txt)$/i.test(f.name));
  const names = files.filter((f) => /\.json$/i.test(f.name));
  const fail = (message) => {
    fileStatus.className = 'status error';
    fileStatus.textContent = message;
    demo.file = { error: message };
  };
  fileStatus.className = 'status';
  fileStatus.textContent = '';
  if (data.length !== 1 || names.length > 1) {
    const got = files.map((f) => f.name).join(', ') || 'nothing';
    return fail(`Drop one .npz or .csv file (and at most one .json of names with it); got: ${got}`);
  }
  const file = data[0];
  fileStatus.textContent = `reading ${file.name}…`;
  demo.file = { reading: file.name };
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sidecar = names.length === 1 ? { name: names[0].name, bytes: new Uint8Array(await names[0].arrayBuffer()) } : undefined;
    const source = datasetFromArrays(await parseDatasetFile({ name: file.name, bytes }, sidecar ? { names: sidecar } : {}));
    ownFile = { name: file.name, namesFile: sidecar?.name ?? null, source };
  } catch (e) {
    return fail(String(e?.message ?? e));
  }
  const src = ownFile.source;
  fileStatus.textContent = '';
  demo.file = { name: ownFile.name, namesFile: ownFile.namesFile, rows: src.n, inputShape: src.inputShape, factors: src.factors.map((f) => ({ name: f.name, values: [...f.values] })) };
  showSummary(ownFile);
  prefill(src);
  choose('file');
}

fileInput.addEventListener('change', () => {
  if (fileInput.files.length > 0) readFiles(fileInput.files);
  fileInput.value = ''; // choosing the same file again reads it again
});
// A file may be dropped anywhere on the page, not only on the drop zone.
document.addEventListener('dragover', (e) => {
  if (!e.dataTransfer?.types.includes('Files')) return;
  e.preventDefault();
  dropZone.classList.add('over');
});
document.addEventListener('dragleave', (e) => { if (e.relatedTarget === null) dropZone.classList.remove('over'); });
document.addEventListener('drop', (e) => {
  if (!e.dataTransfer || e.dataTransfer.files.length === 0) return;
  e.preventDefault();
  dropZone.classList.remove('over');
  // Dropped on another preset: switch to "your data" first, so an error shows where files go.
  if (demo.preset !== 'file') choose('file');
  readFiles(e.dataTransfer.files);
});

syncRegroup();
choose('onehot');

// The demo page: reads the form, starts one training Worker per variant (two when comparing,
// on the same seed and data), and draws what they report: progress, loss and accuracy curves,
// the NMI heatmap and the symbol table; offers the checkpoint and codes as downloads.
// Plain ES module, no build step: the page works from any static host that serves the
// package folder (demo/ next to dist/).

const form = document.getElementById('controls');
const panels = document.getElementById('panels');
const template = document.getElementById('panel-template');
const formStatus = document.getElementById('form-status');

/** For tests and curious users: the state of every run. */
const demo = { state: 'idle', runs: [], error: null };
window.__demo = demo;

/** A run config from the form; the same JSON `wtanet train --config` takes. */
function configFrom(f, variant) {
  const int = (name) => Number.parseInt(f.elements[name].value, 10);
  const tasks = [];
  if (f.elements['task-factor'].checked) tasks.push({ family: 'factor' });
  if (f.elements['task-partition'].checked) tasks.push({ family: 'partition', perFactor: 2 });
  if (f.elements['task-boolean'].checked) tasks.push({ family: 'boolean', count: 4, arity: 2 });
  const dataset = f.elements.dataset.value;
  const nTrain = int('nTrain');
  return {
    seed: int('seed'),
    data: {
      dataset, tasks, nTrain,
      nVal: Math.max(64, Math.round(nTrain / 4)), nTest: Math.max(64, Math.round(nTrain / 4)), nHeldout: Math.max(32, Math.round(nTrain / 8)),
      ...(dataset === 'shapes' ? { shapes: { size: 16, grid: 2 } } : {}),
    },
    model: {
      encoder: dataset === 'shapes' ? { type: 'cnn', channels: [8, 16], kernel: 3, stride: 2 } : { type: 'mlp', hidden: [64, 64] },
      bottleneck: { variant, groups: int('groups'), units: int('units') },
      heads: { type: 'linear' },
    },
    train: { epochs: int('epochs'), batchSize: 64, optimizer: { type: 'adam', lr: 0.003 } },
  };
}

function colour(v) {
  // White (0) to deep blue (1): NMI lies in [0, 1].
  const t = Math.max(0, Math.min(1, v));
  return `rgb(${Math.round(255 - 220 * t)}, ${Math.round(255 - 170 * t)}, ${Math.round(255 - 40 * t)})`;
}

function drawChart(canvas, series, { yMin, yMax, xMax, label }) {
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height, L = 36, B = 18;
  ctx.clearRect(0, 0, W, H);
  ctx.strokeStyle = '#ccc';
  ctx.strokeRect(L, 4, W - L - 4, H - B - 4);
  ctx.fillStyle = '#555';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(yMax.toFixed(2), 2, 12);
  ctx.fillText(yMin.toFixed(2), 2, H - B);
  ctx.fillText(label, L + 6, 16);
  const x = (v) => L + ((W - L - 4) * v) / Math.max(1e-9, xMax);
  const y = (v) => 4 + (H - B - 8) * (1 - (v - yMin) / Math.max(1e-9, yMax - yMin));
  series.forEach((s, i) => {
    ctx.strokeStyle = s.colour;
    ctx.fillStyle = s.colour;
    ctx.fillText(s.name, W - 120, 16 + 12 * i);
    ctx.beginPath();
    s.points.forEach(([px, py], j) => (j === 0 ? ctx.moveTo(x(px), y(py)) : ctx.lineTo(x(px), y(py))));
    ctx.stroke();
  });
}

/** The loss axis: the values' range with a little room, so the curve's shape shows. */
function lossRange(values, epochs) {
  const lo = Math.min(...values), hi = Math.max(...values);
  const pad = Math.max(1e-6, (hi - lo) * 0.08);
  return { yMin: Math.max(0, lo - pad), yMax: hi + pad, xMax: epochs, label: 'loss' };
}

function renderNmi(table, nmi, factors) {
  const groups = nmi[0]?.length ?? 0;
  const head = `<tr><th></th>${Array.from({ length: groups }, (_, g) => `<th>g${g}</th>`).join('')}</tr>`;
  const rows = nmi.map((row, f) => `<tr><th>${factors[f].name}</th>${row.map((v) => `<td style="background:${colour(v)}" title="NMI ${v.toFixed(3)}">${v.toFixed(2)}</td>`).join('')}</tr>`);
  table.innerHTML = head + rows.join('');
}

function renderSymbols(table, units) {
  const shown = units.filter((u) => u.factor !== null);
  table.innerHTML = '<tr><th>unit</th><th>group</th><th>best factor = value</th><th>purity</th><th>coverage</th><th>symbol</th></tr>' +
    shown.map((u) => `<tr${u.symbol ? ' class="sym-yes"' : ''}><td>${u.unit}</td><td>${u.group}</td><td style="text-align:left">${u.factor} = ${u.value}</td><td>${u.purity.toFixed(3)}</td><td>${u.coverage.toFixed(3)}</td><td>${u.symbol ? 'yes' : ''}</td></tr>`).join('');
}

function offer(link, bytes, name, type) {
  if (link.href) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([bytes], { type }));
  link.download = name;
  link.setAttribute('aria-disabled', 'false');
}

function startRun(config, index, threads) {
  const el = template.content.firstElementChild.cloneNode(true);
  panels.append(el);
  const variant = config.model.bottleneck.variant;
  el.querySelector('h2').textContent = `${variant} bottleneck`;
  el.querySelector('.config').textContent = JSON.stringify(config, null, 2);
  const bar = el.querySelector('progress');
  const status = el.querySelector('.status');
  const run = { variant, config, threads: 1, state: 'training', stepLoss: [], epochs: [], losses: null, error: null };
  demo.runs[index] = run;
  let stepsPerEpoch = 1;
  let pending = false;
  const redraw = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const E = run.config.train.epochs;
      const losses = [...run.stepLoss.map((p) => p[1]), ...run.epochs.map((e) => e.valLoss)];
      drawChart(el.querySelector('canvas.loss'), [
        { name: 'train loss', colour: '#1f6feb', points: run.stepLoss },
        { name: 'val loss (epoch)', colour: '#d4761c', points: run.epochs.map((e) => [e.epoch, e.valLoss]) },
      ], lossRange(losses, E));
      drawChart(el.querySelector('canvas.acc'), [
        { name: 'train acc', colour: '#1f6feb', points: run.epochs.map((e) => [e.epoch, e.trainAcc]) },
        { name: 'val acc', colour: '#d4761c', points: run.epochs.map((e) => [e.epoch, e.valAcc]) },
      ], { yMin: 0, yMax: 1, xMax: E, label: 'mean task accuracy' });
    });
  };
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  return new Promise((resolve) => {
    let factors = [];
    worker.onmessage = ({ data: m }) => {
      if (m.type === 'start') {
        run.config = m.config; // the validated config, every default filled in
        factors = m.factors;
        run.threads = m.threads;
        el.querySelector('.config').textContent = JSON.stringify(m.config, null, 2);
        status.textContent = `${m.tasks.length} tasks, ${factors.length} factors, ${m.threads} thread${m.threads === 1 ? '' : 's'} — training…`;
        if (m.threadsNote !== null) status.title = `one thread: ${m.threadsNote}`;
      } else if (m.type === 'step') {
        stepsPerEpoch = m.steps;
        bar.value = (m.epoch - 1 + m.step / m.steps) / m.epochs;
        run.stepLoss.push([m.epoch - 1 + m.step / m.steps, m.loss]);
        status.textContent = `epoch ${m.epoch}/${m.epochs}, step ${m.step}/${m.steps}, loss ${m.loss.toFixed(4)}`;
        redraw();
      } else if (m.type === 'epoch') {
        run.epochs.push(m);
        bar.value = m.epoch / m.epochs;
        status.textContent = `epoch ${m.epoch}/${m.epochs}: val loss ${m.valLoss.toFixed(4)}, val acc ${m.valAcc.toFixed(3)}, InfoM ${m.infoM.toFixed(3)}, symbolicity ${m.symbolicity.toFixed(3)}`;
        renderNmi(el.querySelector('table.nmi'), m.nmi, factors);
        renderSymbols(el.querySelector('table.symbols'), m.units);
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
        resolve();
      } else if (m.type === 'error') {
        run.state = 'error';
        run.error = m.message;
        status.innerHTML = '';
        status.append(Object.assign(document.createElement('span'), { className: 'error', textContent: m.message }));
        worker.terminate();
        resolve();
      }
    };
    worker.onerror = (e) => {
      run.state = 'error';
      run.error = e.message || 'the Worker failed to start';
      status.textContent = run.error;
      resolve();
    };
    worker.postMessage({ config, threads });
  });
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = form;
  const variants = [f.elements.variant.value];
  if (f.elements.compare.checked && f.elements.compareVariant.value !== variants[0]) variants.push(f.elements.compareVariant.value);
  const configs = variants.map((v) => configFrom(f, v));
  if (configs[0].data.tasks.length === 0) {
    formStatus.textContent = 'Pick at least one task family.';
    return;
  }
  formStatus.textContent = '';
  panels.innerHTML = '';
  demo.runs = [];
  demo.state = 'training';
  document.getElementById('train').disabled = true;
  // The cores, shared between the runs (a pool reserves up to 4 threads).
  const threads = Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 1) / configs.length)));
  await Promise.all(configs.map((c, i) => startRun(c, i, threads)));
  document.getElementById('train').disabled = false;
  demo.state = demo.runs.some((r) => r.state === 'error') ? 'error' : 'done';
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildData } from '../../src/data/build.js';
import { validateDataConfig } from '../../src/data/config.js';
import { binOf, DSPRITES_CARDINALITIES } from '../../src/data/datasets/dsprites.js';
import { classesOfBin, renderDsprite } from '../../src/data/datasets/dsprites-render.js';
import { loadDspritesFile } from '../../src/io/dsprites-file.js';
import { readNpz, writeNpz } from '../../src/io/npz.js';

const sum = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);

describe('procedural dSprites: the latent grid', () => {
  it('the bins partition every latent range, as the loader bins the archive', () => {
    for (const [classes, bins] of [[40, 4], [32, 3], [32, 32], [40, 1], [40, 40], [32, 5]]) {
      let covered = 0;
      for (let b = 0; b < bins; b++) {
        const [lo, hi] = classesOfBin(classes, bins, b);
        assert.ok(hi > lo, `bin ${b} of ${bins} over ${classes} classes is empty`);
        for (let c = lo; c < hi; c++) assert.equal(binOf(c, classes, bins), b);
        covered += hi - lo;
      }
      assert.equal(covered, classes);
    }
    // the published grid: 1 × 3 × 6 × 40 × 32 × 32 = 737 280 images
    assert.equal(DSPRITES_CARDINALITIES.reduce((a, b) => a * b, 1), 737280);
  });

  it('renders a known mask: the largest square, unrotated, at the top-left grid point', () => {
    const img = renderDsprite([0, 0, 5, 0, 0, 0], 64);
    // centre 64 · 0.2 = 12.8, half side 0.72 · 64 · 0.12 = 5.53 → pixel centres 7.5 … 17.5
    for (let y = 0; y < 64; y++)
      for (let x = 0; x < 64; x++) assert.equal(img[y * 64 + x], x >= 7 && x <= 17 && y >= 7 && y <= 17 ? 1 : 0, `pixel (${x}, ${y})`);
  });

  it('orientation classes 0 and 39 are the same angle (linspace(0, 2π, 40)); other properties of the shapes', () => {
    for (const shape of [0, 1, 2]) assert.deepEqual(renderDsprite([0, shape, 3, 39, 10, 20]), renderDsprite([0, shape, 3, 0, 10, 20]));
    // the ellipse is wider than tall at orientation 0, taller than wide near a quarter turn (class 10 ≈ 92°)
    const extent = (img: Uint8Array) => {
      let x0 = 64, x1 = -1, y0 = 64, y1 = -1;
      for (let p = 0; p < 4096; p++) if (img[p]) { const x = p % 64, y = Math.floor(p / 64); x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      return { w: x1 - x0 + 1, h: y1 - y0 + 1, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2 };
    };
    const e0 = extent(renderDsprite([0, 1, 5, 0, 16, 16])), e10 = extent(renderDsprite([0, 1, 5, 10, 16, 16]));
    assert.ok(e0.w > 1.6 * e0.h && e10.h > 1.6 * e10.w, `ellipse ${JSON.stringify([e0, e10])}`);
    // the heart's lobes are up: more pixels above its centre row than below
    const heart = renderDsprite([0, 2, 5, 0, 16, 16]);
    const cy = 64 * (0.2 + (0.6 * 16) / 31);
    let above = 0, below = 0;
    for (let p = 0; p < 4096; p++) if (heart[p]) (Math.floor(p / 64) + 0.5 < cy ? above++ : below++);
    assert.ok(above > below, `heart: ${above} pixels above, ${below} below`);
    // area grows with scale for every shape; position moves the sprite
    for (const shape of [0, 1, 2]) for (let s = 1; s < 6; s++) assert.ok(sum(renderDsprite([0, shape, s, 5, 16, 16])) > sum(renderDsprite([0, shape, s - 1, 5, 16, 16])));
    assert.ok(extent(renderDsprite([0, 0, 0, 0, 31, 0])).cx > extent(renderDsprite([0, 0, 0, 0, 0, 0])).cx + 30);
    assert.ok(extent(renderDsprite([0, 0, 0, 0, 0, 31])).cy > extent(renderDsprite([0, 0, 0, 0, 0, 0])).cy + 30);
    // every grid point stays inside the image (no clipping) at 64 and at 32
    for (const size of [64, 32]) for (const o of [0, 5, 13]) for (const p of [0, 31]) {
      const img = renderDsprite([0, 2, 5, o, p, p], size);
      for (let i = 0; i < size; i++) assert.ok(!img[i] && !img[(size - 1) * size + i] && !img[i * size] && !img[i * size + size - 1], `edge pixel set at size ${size}`);
    }
  });

  it('has pinned bits (only exact IEEE arithmetic is used), the same on every engine', () => {
    const h = createHash('sha256');
    for (let shape = 0; shape < 3; shape++) for (let o = 0; o < 40; o += 7) h.update(renderDsprite([0, shape, (o + shape) % 6, o, (o * 3) % 32, (o * 5) % 32], 64));
    assert.equal(h.digest('hex').slice(0, 16), PINNED);
  });

  it('buildData without a file renders the grid: images of the requested bins, deterministic by seed', () => {
    const cfg = { dataset: 'dsprites', dsprites: { size: 32 }, nTrain: 64, nVal: 8, nTest: 8, nHeldout: 8 } as never;
    assert.equal(validateDataConfig(cfg as object).dsprites.source, 'procedural');
    assert.equal(validateDataConfig({ dataset: 'dsprites', dsprites: { path: '/x.npz' } }).dsprites.source, 'file');
    assert.throws(() => validateDataConfig({ dataset: 'dsprites', dsprites: { path: '/x.npz', size: 32 } }), /^Error: data\.dsprites\.size: 32 needs source 'procedural'; the archive's images are 64 × 64$/);
    const a = buildData(cfg, 3);
    const b = buildData(cfg, 3);
    assert.deepEqual(a.train.x, b.train.x);
    assert.notDeepEqual(buildData(cfg, 4).train.x, a.train.x);
    assert.deepEqual(a.dataset.inputShape, [1, 32, 32]);
    const { train } = a;
    const F = 5;
    const bins = validateDataConfig(cfg as object).dsprites.bins;
    for (let i = 0; i < train.n; i++) {
      const img = train.x.subarray(i * 1024, (i + 1) * 1024);
      let n = 0, sx = 0, sy = 0;
      for (let p = 0; p < 1024; p++) if (img[p]) { n++; sx += (p % 32) + 0.5; sy += Math.floor(p / 32) + 0.5; }
      assert.ok(n > 0);
      // the sprite's centroid lies within its position bin's span of centres (± 2 px: the heart's centroid is off-centre)
      const [xb, yb] = [train.z[i * F + 3], train.z[i * F + 4]];
      const span = (b: number, k: number) => classesOfBin(32, k, b).map((c, j) => 32 * (0.2 + (0.6 * (c - j)) / 31));
      const [x0, x1] = span(xb, bins.posX), [y0, y1] = span(yb, bins.posY);
      assert.ok(sx / n >= x0 - 2 && sx / n <= x1 + 2, `sample ${i}: centroid x ${sx / n} outside [${x0}, ${x1}]`);
      assert.ok(sy / n >= y0 - 2 && sy / n <= y1 + 2, `sample ${i}: centroid y ${sy / n} outside [${y0}, ${y1}]`);
    }
  });
});

// The archive's `metadata` entry: np.save of a 0-d object array writes a .npy header with descr '|O'
// followed by a pickle. These bytes are pickle.dumps(<the dSprites metadata dict>, protocol=2).
const META_PICKLE =
  '80027d7100285804000000646174657101580a000000417072696c20323031377102580b0000006465736372697074696f6e71035825000000446973656e74616e676c656d656e742074657374205370726974657320646174617365742e7104580700000076657273696f6e71054b01580d0000006c6174656e74735f6e616d65737106285805000000636f6c6f72710758050000007368617065710858050000007363616c657109580b0000006f7269656e746174696f6e710a5804000000706f7358710b5804000000706f7359710c74710d580d0000006c6174656e74735f73697a6573710e5d710f284b014b034b064b284b204b20655806000000617574686f72711058130000006c6d61747468657940676f6f676c652e636f6d711158050000007469746c6571125810000000645370726974657320646174617365747113752e';
// A pickle that would run os.system('touch /tmp/wtanet-pwned') if it were ever unpickled.
const EVIL_PICKLE = Buffer.from('800263706f7369780a73797374656d0a71005817000000746f756368202f746d702f7774616e65742d70776e656471018571025271032e', 'hex');

function objectNpy(pickle: Uint8Array): Uint8Array {
  let header = "{'descr': '|O', 'fortran_order': False, 'shape': (), }";
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const out = new Uint8Array(10 + header.length + pickle.length);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(pickle, 10 + header.length);
  return out;
}

function archive(pickle: Uint8Array): { path: string; rows: number[][] } {
  const rows: number[][] = [];
  for (let sh = 0; sh < 3; sh++) for (let sc = 0; sc < 6; sc += 5) for (let o = 0; o < 40; o += 13) for (let x = 0; x < 32; x += 31) for (let y = 0; y < 32; y += 15) rows.push([0, sh, sc, o, x, y]);
  const n = rows.length;
  const imgs = new Uint8Array(n * 4096);
  rows.forEach((r, i) => imgs.set(renderDsprite(r), i * 4096));
  // latents_values as in the archive: color 1, shape 1..3, scale 0.5..1, orientation 0..2π, positions 0..1
  const values = rows.flatMap((r) => [1, r[1] + 1, 0.5 + r[2] / 10, (2 * Math.PI * r[3]) / 39, r[4] / 31, r[5] / 31]);
  const bytes = writeNpz(
    {
      imgs: { data: imgs, shape: [n, 64, 64] },
      latents_classes: { data: BigInt64Array.from(rows.flat(), BigInt), shape: [n, 6] },
      latents_values: { data: Float64Array.from(values), shape: [n, 6] },
    },
    { compress: true, raw: { metadata: objectNpy(pickle) } },
  );
  const path = join(mkdtempSync(join(tmpdir(), 'wtanet-dsprites-real-')), 'dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz');
  writeFileSync(path, bytes);
  return { path, rows };
}

describe('dSprites archive in the real layout, with its pickled metadata', () => {
  for (const [name, pickle] of [['the real metadata pickle', Buffer.from(META_PICKLE, 'hex')], ['a pickle that would run code', EVIL_PICKLE]] as const) {
    it(`reads imgs and latents_classes and skips ${name} without interpreting it`, async () => {
      const { path, rows } = archive(new Uint8Array(pickle));
      const src = await loadDspritesFile(path, { perCombination: 0 });
      assert.equal(src.count, rows.length);
      for (let i = 0; i < src.count; i++) {
        const r = Array.from(src.latentsClasses.subarray(i * 6, i * 6 + 6));
        assert.deepEqual(r, rows[i]);
        assert.deepEqual(src.images.subarray(i * 4096, (i + 1) * 4096), renderDsprite(r), `image ${i}`);
      }
      // the generic reader leaves the object array out when asked, and refuses it otherwise
      const bytes = new Uint8Array(readFileSync(path));
      assert.deepEqual([...readNpz(bytes, 'npz', { skipObjects: true }).keys()].sort(), ['imgs', 'latents_classes', 'latents_values']);
      assert.throws(() => readNpz(bytes), /array 'metadata'/);
    });
  }
});

const PINNED = '7ac695e44b0286b3';

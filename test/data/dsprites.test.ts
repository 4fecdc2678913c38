import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildData } from '../../src/data/index.js';
import { dspritesFactorRow } from '../../src/data/datasets/dsprites.js';
import { loadDspritesFile } from '../../src/io/dsprites-file.js';
import { writeNpz } from '../../src/io/npz.js';

/**
 * A small archive in the real dSprites layout: imgs uint8 [N, 64, 64], latents_classes int64 [N, 6]
 * (color, shape, scale, orientation, posX, posY), latents_values float64 [N, 6]. Each image is a
 * 2×2 block at (posY*2, posX*2), plus pixel (0, shape) and pixel (1, scale), so an image can be
 * checked against the latents it was loaded with.
 */
function expectedImage(r: ArrayLike<number>): Uint8Array {
  const img = new Uint8Array(4096);
  for (const dy of [0, 1]) for (const dx of [0, 1]) img[(r[5] * 2 + dy) * 64 + r[4] * 2 + dx] = 1;
  img[r[1]] = 1;
  img[64 + r[2]] = 1;
  return img;
}

function makeArchive(compress: boolean): { path: string; n: number } {
  const rows: number[][] = [];
  for (let sh = 0; sh < 3; sh++)
    for (let sc = 0; sc < 6; sc++)
      for (let o = 0; o < 40; o += 20) for (let x = 0; x < 32; x += 11) for (let y = 0; y < 32; y += 16) rows.push([0, sh, sc, o, x, y]);
  const n = rows.length;
  const imgs = new Uint8Array(n * 4096);
  rows.forEach((r, i) => imgs.set(expectedImage(r), i * 4096));
  const bytes = writeNpz(
    {
      imgs: { data: imgs, shape: [n, 64, 64] },
      latents_classes: { data: BigInt64Array.from(rows.flat(), BigInt), shape: [n, 6] },
      latents_values: { data: Float64Array.from(rows.flat(), (v) => v / 10), shape: [n, 6] },
    },
    { compress },
  );
  const path = join(mkdtempSync(join(tmpdir(), 'wtanet-dsprites-')), 'dsprites.npz');
  writeFileSync(path, bytes);
  return { path, n };
}

function checkImages(src: { count: number; images: Uint8Array; latentsClasses: Int32Array }): void {
  for (let i = 0; i < src.count; i++) {
    const r = src.latentsClasses.subarray(i * 6, i * 6 + 6);
    assert.deepEqual(src.images.subarray(i * 4096, (i + 1) * 4096), expectedImage(r), `image ${i} does not match its latents`);
  }
}

describe('dSprites file loader', () => {
  for (const compress of [false, true]) {
    it(`reads a ${compress ? 'deflated' : 'stored'} archive in the real layout, keeping all images`, async () => {
      const { path, n } = makeArchive(compress);
      const src = await loadDspritesFile(path, { perCombination: 0 });
      assert.equal(src.count, n);
      checkImages(src);
    });
  }

  it('keeps at most perCombination images per binned combination, and they match their latents', async () => {
    const { path } = makeArchive(true);
    const bins = { orientation: 2, posX: 2, posY: 2 };
    const src = await loadDspritesFile(path, { bins, perCombination: 3 });
    checkImages(src);
    const counts = new Map<string, number>();
    for (let i = 0; i < src.count; i++) {
      const key = dspritesFactorRow(src.latentsClasses.subarray(i * 6, i * 6 + 6), bins).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // 3 shapes × 6 scales × 2 × 2 × 2 bins, every one populated
    assert.equal(counts.size, 144);
    for (const c of counts.values()) assert.ok(c >= 1 && c <= 3);
  });

  it('builds a dsprites bundle whose observations are images of the requested factors', async () => {
    const { path } = makeArchive(true);
    const bins = { orientation: 2, posX: 2, posY: 2 };
    const dsprites = await loadDspritesFile(path, { bins, perCombination: 4 });
    const b = buildData({ dataset: 'dsprites', dsprites: { path, bins, perCombination: 4 }, nTrain: 100, nVal: 10, nTest: 10, nHeldout: 10 } as never, 1, { dsprites });
    assert.deepEqual(b.dataset.inputShape, [1, 64, 64]);
    assert.deepEqual(b.dataset.factors.map((f) => f.name), ['shape', 'scale', 'orientation', 'posX', 'posY']);
    for (let i = 0; i < b.train.n; i++) {
      const x = b.train.x.subarray(i * 4096, (i + 1) * 4096);
      const [shape, scale, , px, py] = b.train.z.subarray(i * 5, i * 5 + 5);
      assert.equal(x[shape], 1, 'observed image has the requested shape');
      assert.equal(x[64 + scale], 1, 'observed image has the requested scale');
      // position bins: posX class 0/11 -> bin 0, 22 -> bin 1; posY 0 -> 0, 16 -> 1
      const xs = px === 0 ? [0, 11] : [22];
      const ys = py === 0 ? [0] : [16];
      assert.ok(xs.some((cx) => ys.some((cy) => x[(cy * 2) * 64 + cx * 2 + 1] === 1)), 'observed image is in the requested position bin');
    }
  });

  it('names the file and where to get it when it is missing', async () => {
    await assert.rejects(loadDspritesFile('/nonexistent/dsprites.npz'), (e: Error) => {
      assert.match(e.message, /^dsprites: file not found: \/nonexistent\/dsprites\.npz\. Download dsprites_ndarray_co1sh3sc6or40x32y32_64x64\.npz \(https:\/\/github\.com\/google-deepmind\/dsprites-dataset\) and pass its path$/);
      return true;
    });
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { crc32 } from '../../src/io/crc32.js';
import { encodePng } from '../../src/io/png.js';

/** Splits a PNG into chunks, checking the signature and every chunk's CRC. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  assert.deepEqual(Array.from(png.subarray(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array }[] = [];
  let p = 8;
  while (p < png.length) {
    const len = v.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    const data = png.subarray(p + 8, p + 8 + len);
    assert.equal(v.getUint32(p + 8 + len), crc32(png.subarray(p + 4, p + 8 + len)), `CRC of ${type}`);
    out.push({ type, data });
    p += 12 + len;
  }
  assert.equal(p, png.length);
  return out;
}

/** Decodes our own PNGs (8-bit RGB, filter 0 rows) back to pixels with node:zlib. */
function decode(png: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const cs = chunks(png);
  assert.deepEqual(cs.map((c) => c.type), ['IHDR', 'IDAT', 'IEND']);
  const h = new DataView(cs[0].data.buffer, cs[0].data.byteOffset, 13);
  const width = h.getUint32(0);
  const height = h.getUint32(4);
  assert.deepEqual(Array.from(cs[0].data.subarray(8)), [8, 2, 0, 0, 0]);
  const raw = new Uint8Array(inflateSync(cs[1].data));
  assert.equal(raw.length, height * (1 + width * 3));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (1 + width * 3)], 0);
    rgb.set(raw.subarray(y * (1 + width * 3) + 1, (y + 1) * (1 + width * 3)), y * width * 3);
  }
  return { width, height, rgb };
}

describe('png encoder', () => {
  it('writes a valid PNG that decodes back to the pixels', () => {
    const width = 7;
    const height = 5;
    const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256);
    const back = decode(encodePng(rgb, width, height));
    assert.equal(back.width, width);
    assert.equal(back.height, height);
    assert.deepEqual(back.rgb, rgb);
  });

  it('rejects a pixel buffer of the wrong size', () => {
    assert.throws(() => encodePng(new Uint8Array(10), 2, 2), /expected 12 RGB bytes for 2×2, got 10/);
  });
});

describe('wtanet data preview', () => {
  const main = join(process.cwd(), 'dist/src/cli/main.js');
  it('writes a labelled shapes grid as a valid PNG', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wtanet-preview-')), 'preview.png');
    execFileSync(process.execPath, [main, 'data', 'preview', '--dataset', 'shapes', '--out', out, '--n', '4', '--seed', '1']);
    const { width, height, rgb } = decode(new Uint8Array(readFileSync(out)));
    assert.ok(width > 64 && height > 64);
    // label text is drawn in near-white (235); the images themselves have no such gray
    let text = 0;
    for (let i = 0; i < rgb.length; i += 3) if (rgb[i] === 235 && rgb[i + 1] === 235 && rgb[i + 2] === 235) text++;
    assert.ok(text > 100, `label pixels: ${text}`);
  });

  it('fails with one line and writes nothing for a missing dSprites file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wtanet-preview-')), 'd.png');
    let stderr = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [main, 'data', 'preview', '--dataset', 'dsprites', '--path', '/nonexistent.npz', '--out', out], { stdio: 'pipe' });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    assert.equal(status, 1);
    assert.match(stderr.trim(), /^wtanet data: dsprites: file not found: \/nonexistent\.npz\. Download .* and pass its path/);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.equal(existsSync(out), false);
  });
});

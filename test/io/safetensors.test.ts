import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { writeFileAtomic } from '../../src/io/atomic.js';
import { decodeSafetensors, encodeSafetensors, safeTensor } from '../../src/io/safetensors.js';

/** Builds a file by hand from the spec, independent of the encoder. */
function handMade(header: object, data: number[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  out[0] = json.length & 0xff;
  out[1] = (json.length >> 8) & 0xff;
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('lays out the 8-byte little-endian header length, the JSON header and little-endian data', () => {
    const bytes = encodeSafetensors({ w: safeTensor(new Float32Array([1, -2]), [1, 2]), n: safeTensor(new Int32Array([7])) }, { epoch: '3' });
    const len = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24);
    assert.deepEqual([...bytes.subarray(4, 8)], [0, 0, 0, 0]);
    assert.equal(len % 8, 0, 'header padded so the data is 8-byte aligned');
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len)));
    assert.deepEqual(header.__metadata__, { epoch: '3' });
    // Sorted names: 'n' (4 bytes) first, then 'w' (8 bytes).
    assert.deepEqual(header.n, { dtype: 'I32', shape: [1], data_offsets: [0, 4] });
    assert.deepEqual(header.w, { dtype: 'F32', shape: [1, 2], data_offsets: [4, 12] });
    const data = [...bytes.subarray(8 + len)];
    // 7 as i32 LE; 1.0f = 0x3f800000; -2.0f = 0xc0000000
    assert.deepEqual(data, [7, 0, 0, 0, 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]);
  });

  it('reads a file written by hand from the spec', () => {
    const file = handMade({ b: { dtype: 'F64', shape: [], data_offsets: [0, 8] }, __metadata__: { k: 'v' } }, [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    const { tensors, metadata } = decodeSafetensors(file);
    assert.deepEqual(metadata, { k: 'v' });
    assert.deepEqual([...(tensors.get('b')!.data as Float64Array)], [1]);
    assert.deepEqual(tensors.get('b')!.shape, []);
  });

  it('round-trips any tensors bit-exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: false }), { maxLength: 40 }), fc.array(fc.integer(), { maxLength: 9 }), (f, ints) => {
        const a = new Float32Array(f);
        const bytes = encodeSafetensors(new Map([['a', safeTensor(a)], ['b.c', safeTensor(new Int32Array(ints))]]));
        const back = decodeSafetensors(bytes).tensors;
        assert.deepEqual(new Uint8Array((back.get('a')!.data as Float32Array).buffer), new Uint8Array(a.buffer));
        assert.deepEqual([...(back.get('b.c')!.data as Int32Array)], ints);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects truncated and corrupt files with one line naming the source and the problem', () => {
    const good = encodeSafetensors({ w: safeTensor(new Float32Array([1, 2, 3])) });
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, 5), /ckpt\.st is not a valid safetensors file: only 5 bytes.*truncated/],
      [good.subarray(0, 20), /header needs \d+ bytes.*truncated/],
      [good.subarray(0, good.length - 1), /tensor 'w' ends at byte 12 .* only 11 bytes.*truncated/],
      [handMade({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, [0, 0, 0, 0, 0, 0, 0, 0, 9]), /1 bytes of data follow the last tensor/],
      [handMade({ w: { dtype: 'Q8', shape: [1], data_offsets: [0, 1] } }, [0]), /unsupported dtype "Q8"/],
      [handMade({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Array(8).fill(0)), /needs 12 bytes but data_offsets span 8/],
      [handMade({ a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] }, b: { dtype: 'U8', shape: [2], data_offsets: [1, 3] } }, [0, 0, 0]), /overlaps/],
      [handMade({ a: { dtype: 'U8', shape: [1], data_offsets: [1, 2] } }, [0, 0]), /hole of 1 bytes/],
    ];
    const junk = new Uint8Array(good);
    junk[9] = 0x7b; junk[10] = 0x7b; // '{{' breaks the JSON
    cases.push([junk, /header is not valid JSON/]);
    const huge = new Uint8Array(good);
    huge[7] = 0x10;
    cases.push([huge, /header length \d+ is implausible/]);
    for (const [bytes, re] of cases) {
      assert.throws(() => decodeSafetensors(bytes, 'ckpt.st'), (e: Error) => re.test(e.message) && !e.message.includes('\n'), `expected ${re}`);
    }
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-atomic-'));
    try {
      const path = join(dir, 'sub', 'f.bin');
      writeFileAtomic(path, 'first');
      writeFileAtomic(path, new Uint8Array([1, 2, 3]));
      assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
      assert.deepEqual(readdirSync(join(dir, 'sub')), ['f.bin']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

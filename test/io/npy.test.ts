import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readNpy, writeNpy, type NpyData } from '../../src/io/npy.js';
import { readNpz, writeNpz } from '../../src/io/npz.js';
import { listZip } from '../../src/io/zip.js';
import { crc32 } from '../../src/io/crc32.js';

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

// Files written by NumPy 2.4 (np.save / np.savez_compressed), embedded as known answers.
const NUMPY_F4_2x2 = b64(
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAQEAAAIhA',
); // np.array([[1.5, -2], [3, 4.25]], '<f4')
const NUMPY_BE_I2 = b64(
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPmkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAf/+AAM=',
); // np.array([1, -2, 3], '>i2')
// np.save of np.asfortranarray([[0., 1, 2], [3, 4, 5]]) — what np.save(x[:, perm]) writes
// for a C array x: header fortran_order True, data in column order.
const NUMPY_FORTRAN = b64(
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAhAAAAAAAAA8D8AAAAAAAAQQAAAAAAAAABAAAAAAAAAFEA=',
);
// np.savez_compressed(imgs=uint8 [[[0,1],[255,7]]], latents_classes=int64 [[0,2,5,39,31,0]]): deflate + ZIP64 local extras
const NUMPY_NPZ = b64(
  'UEsDBC0AAAAIAAAAIQChgQnM//////////8IABQAaW1ncy5ucHkBABAAhAAAAAAAAABMAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loF5Taqiuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GoY6CkZApKmjUKtAHuBiYPzPDgBQSwMELQAAAAgAAAAhACaAH7///////////xMAFABsYXRlbnRzX2NsYXNzZXMubnB5AQAQALAAAAAAAAAAVAAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2mhrqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RqGOgpmmjoKtQpkAy4GKGCC0qxQWh1KyzOgAgBQSwECLQMtAAAACAAAACEAoYEJzEwAAACEAAAACAAAAAAAAAAAAAAAgAEAAAAAaW1ncy5ucHlQSwECLQMtAAAACAAAACEAJoAfv1QAAACwAAAAEwAAAAAAAAAAAAAAgAGGAAAAbGF0ZW50c19jbGFzc2VzLm5weVBLBQYAAAAAAgACAHcAAAAfAQAAAAA=',
);

describe('npy', () => {
  it('reads files written by NumPy', () => {
    const a = readNpy(NUMPY_F4_2x2);
    assert.equal(a.dtype, '<f4');
    assert.deepEqual(a.shape, [2, 2]);
    assert.deepEqual(Array.from(a.data as Float32Array), [1.5, -2, 3, 4.25]);
    const b = readNpy(NUMPY_BE_I2);
    assert.equal(b.dtype, '<i2');
    assert.deepEqual(Array.from(b.data as Int16Array), [1, -2, 3]);
  });

  it('writes byte-identical files to NumPy for the same array', () => {
    const mine = writeNpy({ data: new Float32Array([1.5, -2, 3, 4.25]), shape: [2, 2] });
    assert.deepEqual(mine, NUMPY_F4_2x2);
  });

  const cases: [string, (xs: number[]) => NpyData][] = [
    ['<f4', (xs) => Float32Array.from(xs, (x) => Math.fround(x / 7))],
    ['<f8', (xs) => Float64Array.from(xs, (x) => x / 7)],
    ['|i1', (xs) => Int8Array.from(xs)],
    ['<i2', (xs) => Int16Array.from(xs)],
    ['<i4', (xs) => Int32Array.from(xs, (x) => x * 65537)],
    ['<i8', (xs) => BigInt64Array.from(xs, (x) => BigInt(x) * 12345678901n)],
    ['|u1', (xs) => Uint8Array.from(xs)],
    ['<u2', (xs) => Uint16Array.from(xs)],
    ['<u4', (xs) => Uint32Array.from(xs, (x) => (x * 2654435761) >>> 0)],
    ['<u8', (xs) => BigUint64Array.from(xs, (x) => BigInt(x >>> 0) << 33n)],
    ['|b1', (xs) => Uint8Array.from(xs, (x) => x & 1)],
  ];
  for (const [dtype, make] of cases) {
    it(`round-trips ${dtype} for any shape`, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }), fc.integer(), (shape, salt) => {
          const n = shape.reduce((a, b) => a * b, 1);
          const data = make(Array.from({ length: n }, (_, i) => ((i * 31 + salt) % 200) - 100));
          const bytes = writeNpy({ data, shape, dtype });
          assert.equal((bytes.length - n * data.BYTES_PER_ELEMENT) % 64, 0, 'header padded to 64');
          const back = readNpy(bytes);
          assert.equal(back.dtype, dtype);
          assert.deepEqual(back.shape, shape);
          assert.equal(back.data.constructor, data.constructor);
          assert.deepEqual(Array.from(back.data as ArrayLike<unknown>), Array.from(data as ArrayLike<unknown>));
        }),
        { numRuns: 25 },
      );
    });
  }

  it('uses format 2.0 when the header exceeds 64 KiB', () => {
    const shape = Array.from({ length: 30000 }, () => 1);
    const bytes = writeNpy({ data: new Float32Array([7]), shape });
    assert.equal(bytes[6], 2);
    const back = readNpy(bytes);
    assert.equal(back.shape.length, 30000);
    assert.equal((back.data as Float32Array)[0], 7);
  });

  it('reads a Fortran-ordered file (as np.save(x[:, perm]) writes) into C order', () => {
    const a = readNpy(NUMPY_FORTRAN);
    assert.equal(a.dtype, '<f8');
    assert.deepEqual(a.shape, [2, 3]);
    assert.deepEqual(Array.from(a.data as Float64Array), [0, 1, 2, 3, 4, 5]);
    // Three axes: element (i, j, k) sits at i + 2j + 6k in column order.
    const shape = [2, 3, 4];
    const col = Int16Array.from({ length: 24 }, (_, q) => q);
    const bytes = writeNpy({ data: col, shape, dtype: '<i2' });
    const at = Buffer.from(bytes).indexOf("'fortran_order': False");
    bytes.set(Buffer.from("'fortran_order': True ", 'latin1'), at); // same header length
    const c = readNpy(bytes);
    assert.deepEqual(c.shape, shape);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) {
      assert.equal((c.data as Int16Array)[i * 12 + j * 4 + k], i + 2 * j + 6 * k, `(${i}, ${j}, ${k})`);
    }
  });

  it('copy: false gives a view of the bytes where it can (large inputs), the same values as a copy otherwise', () => {
    const f4 = writeNpy({ data: Float32Array.from([1.5, -2, 3, 4.25]), shape: [2, 2] });
    const view = readNpy(f4, { copy: false });
    assert.equal(view.data.buffer, f4.buffer, 'aligned little-endian C order: a view');
    assert.deepEqual(view.data, readNpy(f4).data);
    assert.notEqual(readNpy(f4).data.buffer, f4.buffer, 'the default is a copy');
    // One byte off its alignment: a Float32Array cannot view it, so a copy with the same values.
    const shifted = new Uint8Array(f4.length + 1);
    shifted.set(f4, 1);
    const moved = readNpy(shifted.subarray(1), { copy: false });
    assert.notEqual(moved.data.buffer, shifted.buffer);
    assert.deepEqual(moved.data, view.data);
    // Fortran order and big-endian data are converted (copies), never viewed.
    const fortran = readNpy(NUMPY_FORTRAN, { copy: false });
    assert.deepEqual(Array.from(fortran.data as Float64Array), [0, 1, 2, 3, 4, 5]);
    const be = f4.slice();
    be.set(new TextEncoder().encode("'>f4'"), 20); // 'descr' value starts at byte 20
    const body = be.length - 16;
    for (let i = body; i < be.length; i += 4) be.subarray(i, i + 4).reverse();
    const swapped = readNpy(be, { copy: false });
    assert.notEqual(swapped.data.buffer, be.buffer);
    assert.deepEqual(swapped.data, view.data);
    const u1 = writeNpy({ data: Uint8Array.from([7, 8, 9]), shape: [3] });
    const bytes = readNpy(u1.subarray(0), { copy: false });
    assert.equal(bytes.data.buffer, u1.buffer);
    assert.deepEqual(Array.from(bytes.data as Uint8Array), [7, 8, 9]);
  });

  it('rejects unsupported dtypes, truncated data and non-npy bytes with clear errors', () => {
    const c8 = NUMPY_F4_2x2.slice();
    c8.set(new TextEncoder().encode("'<c8'"), 20); // 'descr' value starts at byte 20
    assert.throws(() => readNpy(c8), /unsupported dtype '<c8'; supported:/);
    assert.throws(() => readNpy(NUMPY_F4_2x2.subarray(0, NUMPY_F4_2x2.length - 3)), /truncated data: shape \[2, 2\] of '<f4' needs 16 bytes, only 13 present/);
    assert.throws(() => readNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])), /not a \.npy file/);
    assert.throws(() => writeNpy({ data: new Float32Array(3), shape: [2, 2] }), /shape \[2, 2\] has 4 elements but data has 3/);
  });
});

describe('npz', () => {
  it('reads a NumPy savez_compressed archive (deflate, ZIP64 extras)', () => {
    const arrays = readNpz(NUMPY_NPZ);
    assert.deepEqual([...arrays.keys()].sort(), ['imgs', 'latents_classes']);
    const imgs = arrays.get('imgs')!;
    assert.equal(imgs.dtype, '|u1');
    assert.deepEqual(imgs.shape, [1, 2, 2]);
    assert.deepEqual(Array.from(imgs.data as Uint8Array), [0, 1, 255, 7]);
    assert.deepEqual(Array.from(arrays.get('latents_classes')!.data as BigInt64Array), [0n, 2n, 5n, 39n, 31n, 0n]);
  });

  it('round-trips stored and deflated archives, with correct CRCs', () => {
    for (const compress of [false, true]) {
      const bytes = writeNpz(
        { b: { data: new Int32Array([1, 2, 3]), shape: [3] }, a: { data: new Float64Array([0.5]), shape: [] } },
        { compress },
      );
      const entries = listZip(bytes);
      assert.deepEqual(entries.map((e) => e.method), compress ? [8, 8] : [0, 0]);
      const back = readNpz(bytes);
      assert.deepEqual(Array.from(back.get('b')!.data as Int32Array), [1, 2, 3]);
      assert.deepEqual(back.get('a')!.shape, []);
      for (const e of entries) {
        const key = e.name.replace(/\.npy$/, '');
        const arr = back.get(key)!;
        assert.equal(e.crc32, crc32(writeNpy({ data: arr.data, shape: arr.shape })));
      }
    }
  });

  it('crc32 matches the standard check value', () => {
    // CRC-32/ISO-HDLC check value for "123456789"
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  });

  it('refuses an entry whose bytes fail the directory\'s CRC-32 (stored or deflated), naming the entry', () => {
    for (const compress of [false, true]) {
      const bytes = writeNpz({ x: { data: Float32Array.from({ length: 256 }, (_, i) => i), shape: [256] } }, { compress });
      const [e] = listZip(bytes);
      assert.equal(readNpz(bytes).get('x')!.data.length, 256);
      const bad = bytes.slice();
      if (compress) {
        // The directory's CRC changed instead: the data inflates fine, to other bytes than recorded.
        let cen = bad.length - 4;
        while (!(bad[cen] === 0x50 && bad[cen + 1] === 0x4b && bad[cen + 2] === 0x01 && bad[cen + 3] === 0x02)) cen--;
        bad[cen + 16] ^= 0x01;
      } else {
        bad[e.dataOffset + e.compressedSize - 3] ^= 0x40; // one bit of the last float
      }
      assert.throws(() => readNpz(bad, 'd.npz'), /^Error: d\.npz: entry 'x\.npy' fails its CRC-32 check; the file is corrupt — write it again$/);
    }
  });

  it('rejects a truncated archive', () => {
    assert.throws(() => readNpz(NUMPY_NPZ.subarray(0, 100)), /not a zip archive/);
  });
});

// Issue 11: mutated configs, checkpoints and .npy/CSV inputs never crash wtanet. Each case
// runs the real CLI and asserts: exit code 0, 1 or 2; on failure exactly one line on stderr, no
// stack trace, nothing written; within a time bound. WTANET_FUZZ_RUNS raises the number of
// cases per kind (CI runs a longer fuzz); the default keeps `npm test` within its budget.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { writeNpy } from '../../src/io/npy.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const root = mkdtempSync(join(tmpdir(), 'wtanet-fuzz-'));
after(() => rmSync(root, { recursive: true, force: true }));
const RUNS = Number(process.env.WTANET_FUZZ_RUNS ?? 12);
const LIMIT_MS = 30_000;

const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: LIMIT_MS, cwd: root });

function wellBehaved(r: ReturnType<typeof wtanet>, what: string): void {
  assert.equal(r.error, undefined, `${what}: ${r.error?.message} (time bound ${LIMIT_MS} ms)`);
  assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `${what}: exit ${r.status}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `${what}: stack trace\n${r.stderr}`);
  if (r.status !== 0) {
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
    assert.ok(lines[0].length <= 200, `${what}: ${lines[0].length} characters`);
  }
}

const tiny = {
  seed: 1,
  data: { dataset: 'entangled', entangled: { cardinalities: [2, 3], dim: 8, depth: 1, width: 8 }, tasks: [{ family: 'factor' }], nTrain: 64, nVal: 16, nTest: 16, nHeldout: 0, heldoutFraction: 0 },
  model: { encoder: { type: 'mlp', hidden: [8] }, bottleneck: { variant: 'wta', groups: 2, units: 3 } },
  train: { epochs: 1, batchSize: 32 },
};

/** Paths to every value in a JSON tree. */
function leaves(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...path, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  return out;
}
function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: Record<string | number, unknown> = Array.isArray(v) ? [...v] as never : { ...(v as object) };
  const [head, ...rest] = path;
  if (value === undefined && rest.length === 0) delete copy[head];
  else copy[head] = setAt(copy[head], rest, value);
  return copy;
}

// Replacement values: wrong types, out-of-range numbers (never a valid huge epochs count, so
// no case trains for long), deep and long values.
const nasty = fc.oneof(
  fc.constantFrom(null, true, -1, 0, 0.5, 1e7, 1e300, -1e300, '', 'x', [], {}, [[[[[]]]]], undefined),
  fc.string({ maxLength: 20 }),
  // A list nested thousands deep, spliced in as text (JSON.stringify itself would overflow).
  fc.integer({ min: 2, max: 200 }).map((d) => `DEEP:${d * 50}`),
  fc.integer({ min: 1, max: 4 }).map((k) => 'y'.repeat(k * 100_000)),
);

describe('fuzz', () => {
  it('mutated run configs', () => {
    const paths = leaves(tiny);
    let n = 0;
    fc.assert(fc.property(fc.nat(paths.length - 1), nasty, fc.nat(), fc.boolean(), (p, value, cut, textual) => {
      let text = JSON.stringify(setAt(tiny, paths[p], value)).replace(/"DEEP:(\d+)"/, (_, d) => '['.repeat(Number(d)) + ']'.repeat(Number(d)));
      if (textual) text = text.slice(0, cut % (text.length + 1)) + (cut % 3 === 0 ? '// c\n' : '');
      const cfg = join(root, `cfg${n}.json`);
      writeFileSync(cfg, text);
      const out = join(root, `out${n++}`);
      const r = wtanet('train', '--config', cfg, '--out', out);
      wellBehaved(r, `config ${text.slice(0, 200)}`);
      if (r.status !== 0) assert.equal(existsSync(out), false, `wrote ${out} though it failed`);
    }), { numRuns: RUNS, seed: 11 });
  });

  it('mutated checkpoints', () => {
    const base = join(root, 'base');
    writeFileSync(join(root, 'tiny.json'), JSON.stringify(tiny));
    const made = wtanet('train', '--config', join(root, 'tiny.json'), '--out', base);
    assert.equal(made.status, 0, made.stderr);
    const bytes = readFileSync(join(base, 'checkpoint.safetensors'));
    let n = 0;
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }), fc.nat(), fc.constantFrom('flip', 'truncate', 'append'), (flips, cut, how) => {
      const dir = join(root, `ck${n++}`);
      cpSync(base, dir, { recursive: true });
      let b = new Uint8Array(bytes);
      if (how === 'flip') for (const [at, x] of flips) b[at] ^= x;
      else if (how === 'truncate') b = b.subarray(0, cut % b.length);
      else b = new Uint8Array([...b, ...flips.map(([, x]) => x)]);
      writeFileSync(join(dir, 'checkpoint.safetensors'), b);
      const before = readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]);
      const r = wtanet('train', '--resume', dir, '--epochs', '2');
      wellBehaved(r, `checkpoint ${how} ${JSON.stringify(flips)}`);
      if (r.status !== 0) assert.deepEqual(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]), before, 'a refused resume changed the folder');
    }), { numRuns: RUNS, seed: 12 });
  });

  it('mutated .npy and CSV inputs of score', () => {
    const n = 40;
    const codes = new Float32Array(n * 4).map((_, i) => ((i % 4) === (Math.floor(i / 4) % 4) ? 1 : 0));
    const z = new Int32Array(n).map((_, i) => i % 4);
    const npy = writeNpy({ data: codes, shape: [n, 4] });
    const csv = Array.from({ length: n }, (_, i) => String(z[i])).join('\n');
    let k = 0;
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(npy.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(), fc.string({ maxLength: 8 }), (flips, at, insert) => {
      const b = new Uint8Array(npy);
      for (const [i, x] of flips) b[i] ^= x;
      const c = csv.slice(0, at % (csv.length + 1)) + insert + csv.slice(at % (csv.length + 1));
      const codesPath = join(root, `c${k}.npy`);
      const factorsPath = join(root, `z${k}.csv`);
      writeFileSync(codesPath, b);
      writeFileSync(factorsPath, c);
      const out = join(root, `score${k++}.json`);
      const r = wtanet('score', '--codes', codesPath, '--factors', factorsPath, '--groups', '2', '--out', out);
      wellBehaved(r, `score ${JSON.stringify(flips)} ${JSON.stringify(insert)}`);
      if (r.status !== 0) assert.equal(existsSync(out), false);
    }), { numRuns: RUNS, seed: 13 });
  });
});

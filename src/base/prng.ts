/**
 * The project's only source of randomness: xoshiro128** (Blackman & Vigna, 2018), seeded by
 * expanding (seed, stream name) through splitmix32. Named streams let one part of a config
 * change without shifting another part's random numbers.
 *
 * Browser-safe: pure integer arithmetic on uint32 values held in JS numbers (Math.imul for
 * the 32-bit products), so every runtime produces the same bits.
 */

const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** FNV-1a over the UTF-16 code units of a stream name: a stable 32-bit name hash. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32: golden-ratio increment followed by the murmur3 fmix32 finalizer (bijective). */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) >>> 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`Rng: seed must be a non-negative safe integer, got ${seed}`);
  }
}

/**
 * Expands (seed, stream) into a xoshiro128** state. Both 32-bit halves of the seed and the
 * stream name's hash pass through splitmix32, so seeds differing in any bit, or streams
 * differing in name, give unrelated states.
 */
function seedState(seed: number, stream: string): Uint32Array {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  const sm = { s: lo };
  sm.s = (splitmix32(sm) ^ hi) >>> 0;
  sm.s = (splitmix32(sm) ^ hashName(stream)) >>> 0;
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) s[i] = splitmix32(sm);
  // The all-zero state is xoshiro's only fixed point; splitmix output makes it practically
  // impossible, but guard so the generator can never get stuck.
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

/** What initializers and other consumers of randomness need from a stream; `Rng` is one. */
export interface RandomSource {
  uniform(): number;
  normal(): number;
}

export class Rng implements RandomSource {
  readonly seed: number;
  readonly stream: string;
  private readonly s: Uint32Array;

  constructor(seed: number, stream = '') {
    checkSeed(seed);
    this.seed = seed;
    this.stream = stream;
    this.s = seedState(seed, stream);
  }

  /** Uniform uint32 (xoshiro128** reference next()). */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 32-bit resolution. */
  uniform(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /**
   * Standard normal by Box–Muller, using the cosine branch only: no cached second value,
   * so the generator state is just the four xoshiro words and getState() stays exact.
   */
  normal(): number {
    const u1 = 1 - this.uniform(); // (0, 1]: log never sees 0
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [0, n), unbiased: draws past the largest multiple of n are rejected. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new Error(`Rng.int: n must be an integer from 1 to 2^32, got ${n}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(a: T[] | Int32Array | Uint32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  /**
   * An independent child stream named `name`. It depends only on this stream's seed and
   * name, not on how many numbers were drawn, so adding draws elsewhere never shifts it.
   */
  fork(name: string): Rng {
    return new Rng(this.seed, this.stream === '' ? name : `${this.stream}/${name}`);
  }

  /** The four xoshiro128** state words: restoring them with setState resumes exactly. */
  getState(): number[] {
    return Array.from(this.s);
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32)) {
      throw new Error(`Rng.setState: expected 4 uint32 words, got [${state.join(', ')}]`);
    }
    if (state.every((w) => w === 0)) throw new Error('Rng.setState: the all-zero state is invalid for xoshiro128**');
    for (let i = 0; i < 4; i++) this.s[i] = state[i];
  }
}

/** Named independent streams of one seed: changing one part of a config never shifts another's numbers. */
export function streams(seed: number): { data: Rng; init: Rng; shuffle: Rng; tasks: Rng } {
  return {
    data: new Rng(seed, 'data'),
    init: new Rng(seed, 'init'),
    shuffle: new Rng(seed, 'shuffle'),
    tasks: new Rng(seed, 'tasks'),
  };
}

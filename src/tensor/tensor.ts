import type { Arena, Lease } from './arena.js';
import { currentArena } from './context.js';
import { getHeap } from './heap.js';

export type DType = 'f32' | 'i32';
export type Shape = readonly number[];

export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export const shapeString = (shape: Shape): string => `[${shape.join(', ')}]`;

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkShape(shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 1) {
      throw new Error(`wtanet: invalid tensor shape ${shapeString(shape)}: every dimension must be a positive integer`);
    }
  }
}

/**
 * A view of `size` contiguous row-major elements in WebAssembly memory. Kernels receive
 * `ptr` (a byte offset); nothing is copied. A tensor lives as long as its arena's
 * allocation: one in the scratch arena is invalid after the step that made it.
 */
export class Tensor {
  readonly size: number;
  /** True when gradients flow to this tensor (a parameter, or computed from one). */
  requiresGrad = false;
  /** The gradient after backward(); lives in the scratch arena. */
  grad: Tensor | null = null;

  constructor(
    readonly shape: Shape,
    readonly ptr: number,
    readonly arena: Arena,
    readonly dtype: DType = 'f32',
    /** The allocation this tensor's memory belongs to (views share their source's). */
    readonly lease: Lease | null = null,
  ) {
    this.size = shapeSize(shape);
  }

  /** False once the arena allocation holding this tensor was released: its bytes may be reused. */
  get isLive(): boolean {
    return this.lease === null || this.arena.isLive(this.lease);
  }

  // Reading released memory would silently return another tensor's values.
  private checkLive(): void {
    if (!this.isLive) {
      throw new Error(
        `wtanet: ${this.toString()} was released with its arena '${this.arena.name}' (a step or scope ended, ` +
          'or its model was disposed) and its memory may be reused; copy values out with toArray() before the release',
      );
    }
  }

  get rank(): number {
    return this.shape.length;
  }

  /**
   * A live view over the tensor's memory (f32 or i32). Valid until the next allocation
   * that may grow memory: copy with toArray() to keep values.
   */
  data(): Float32Array {
    if (this.dtype !== 'f32') throw new Error('wtanet: data() on an i32 tensor; use ints()');
    this.checkLive();
    const start = this.ptr >>> 2;
    return getHeap().f32.subarray(start, start + this.size);
  }

  ints(): Int32Array {
    if (this.dtype !== 'i32') throw new Error('wtanet: ints() on an f32 tensor; use data()');
    this.checkLive();
    return new Int32Array(getHeap().memory.buffer, this.ptr, this.size);
  }

  /** A copy of the values, safe to keep after the arena is released. */
  toArray(): Float32Array {
    return this.data().slice();
  }

  toString(): string {
    return `Tensor(${shapeString(this.shape)}, ${this.dtype})`;
  }
}

/** A tensor with uninitialized contents. */
export function empty(shape: Shape, arena: Arena = currentArena(), dtype: DType = 'f32'): Tensor {
  checkShape(shape);
  const { ptr, lease } = arena.lease(shapeSize(shape) * 4);
  return new Tensor([...shape], ptr, arena, dtype, lease);
}

export function full(shape: Shape, value: number, arena: Arena = currentArena()): Tensor {
  const t = empty(shape, arena);
  t.data().fill(value);
  return t;
}

export const zeros = (shape: Shape, arena?: Arena): Tensor => full(shape, 0, arena);

/** Copies `values` into a new f32 tensor. Throws on length mismatch. */
export function fromArray(values: ArrayLike<number>, shape: Shape, arena: Arena = currentArena()): Tensor {
  const n = shapeSize(shape);
  if (values.length !== n) {
    throw new Error(`wtanet: fromArray got ${values.length} values for shape ${shapeString(shape)} (needs ${n})`);
  }
  const t = empty(shape, arena);
  t.data().set(values);
  return t;
}

/** Copies integer `values` (class labels) into a new i32 tensor. */
export function fromInts(values: ArrayLike<number>, shape: Shape = [values.length], arena: Arena = currentArena()): Tensor {
  const n = shapeSize(shape);
  if (values.length !== n) {
    throw new Error(`wtanet: fromInts got ${values.length} values for shape ${shapeString(shape)} (needs ${n})`);
  }
  const t = empty(shape, arena, 'i32');
  t.ints().set(values);
  return t;
}

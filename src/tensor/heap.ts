import type { WasmMemory } from '../kernels/abi/core.js';
import { kernels } from '../kernels/load.js';

const PAGE = 65536;
/** Alignment of every chunk and tensor: a cache line, which also satisfies v128. */
export const ALIGN = 64;

export const alignUp = (n: number, a = ALIGN): number => Math.ceil(n / a) * a;

interface Span { ptr: number; bytes: number }

/**
 * Hands out large chunks of wasm memory to arenas and takes them back. Memory only
 * grows (wasm cannot shrink it); freed chunks are reused first-fit and coalesced, so a
 * program that creates and disposes models in a loop stays at a fixed footprint.
 */
export class Heap {
  private top: number;
  private readonly free: Span[] = [];
  private buffer: ArrayBuffer | null = null;
  private view = new Float32Array(0);

  constructor() {
    this.top = alignUp(kernels().heapBase());
  }

  get memory(): WasmMemory {
    return kernels().memory;
  }

  /**
   * The whole memory as f32. Re-taken whenever memory has grown, because growth
   * detaches the old ArrayBuffer and every view over it becomes empty.
   */
  get f32(): Float32Array {
    const buf = this.memory.buffer;
    if (buf !== this.buffer) {
      this.buffer = buf;
      this.view = new Float32Array(buf);
    }
    return this.view;
  }

  /** Bytes of wasm memory reserved so far (the high-water mark). */
  get bytesReserved(): number {
    return this.top;
  }

  allocChunk(bytes: number): number {
    bytes = alignUp(bytes);
    for (let i = 0; i < this.free.length; i++) {
      const s = this.free[i];
      if (s.bytes >= bytes) {
        const ptr = s.ptr;
        if (s.bytes === bytes) this.free.splice(i, 1);
        else { s.ptr += bytes; s.bytes -= bytes; }
        return ptr;
      }
    }
    const ptr = this.top;
    this.ensure(ptr + bytes);
    this.top = ptr + bytes;
    return ptr;
  }

  freeChunk(ptr: number, bytes: number): void {
    bytes = alignUp(bytes);
    let i = 0;
    while (i < this.free.length && this.free[i].ptr < ptr) i++;
    this.free.splice(i, 0, { ptr, bytes });
    // Coalesce with the right, then the left neighbour.
    const next = this.free[i + 1];
    if (next && ptr + bytes === next.ptr) { this.free[i].bytes += next.bytes; this.free.splice(i + 1, 1); }
    const prev = this.free[i - 1];
    if (prev && prev.ptr + prev.bytes === ptr) { prev.bytes += this.free[i].bytes; this.free.splice(i, 1); }
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    // Grow geometrically so repeated small growths do not each copy the whole memory.
    const want = Math.max(end - have, have >>> 1);
    const pages = Math.ceil(want / PAGE);
    try {
      this.memory.grow(pages);
    } catch {
      throw new Error(
        `wtanet: out of WebAssembly memory (needed ${end} bytes, have ${have}); ` +
          'use smaller batches or models (wasm32 allows at most 4 GiB)',
      );
    }
  }
}

let heap: Heap | null = null;

/** The heap of this realm's kernel module. */
export function getHeap(): Heap {
  heap ??= new Heap();
  return heap;
}

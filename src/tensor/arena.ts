import { ALIGN, alignUp, getHeap } from './heap.js';

/** Smallest chunk an arena takes from the heap: big enough that growth is rare. */
const MIN_CHUNK = 1 << 20;

interface Chunk { ptr: number; bytes: number }

/** A position in an arena; `release(mark)` frees everything allocated after it. */
export interface ArenaMark { readonly chunk: number; readonly offset: number; readonly live: number }

/**
 * Identifies one allocation: its position in the arena's stack of live allocations and
 * a serial number unique to it, so a released allocation is told apart from a newer one
 * that reuses its slot (and its bytes).
 */
export interface Lease { readonly slot: number; readonly serial: number }

let nextSerial = 0;

/**
 * A bump allocator over chunks of wasm memory. Parameters and optimizer state live in
 * a persistent arena; a training step's activations and gradients in the scratch
 * arena, released after the optimizer step. Released chunks stay owned by the arena,
 * so the same sequence of allocations in the next step reuses the same bytes and a
 * steady-state step grows memory by nothing.
 */
export class Arena {
  private readonly chunks: Chunk[] = [];
  private chunk = -1;
  private offset = 0;
  /** Number of live allocations, and the serial of the allocation in each slot. */
  private live = 0;
  private readonly serials: number[] = [];

  constructor(readonly name: string) {}

  /** Allocates like alloc() and returns the lease that isLive() checks later. */
  lease(bytes: number): { ptr: number; lease: Lease } {
    const ptr = this.alloc(bytes);
    const slot = this.live++;
    const serial = ++nextSerial;
    this.serials[slot] = serial;
    return { ptr, lease: { slot, serial } };
  }

  /** True while the leased allocation has not been released (or the arena disposed). */
  isLive(lease: Lease): boolean {
    return lease.slot < this.live && this.serials[lease.slot] === lease.serial;
  }

  /** Returns a byte offset to `bytes` bytes, aligned to ALIGN. Contents are undefined. */
  alloc(bytes: number): number {
    bytes = Math.max(ALIGN, alignUp(bytes));
    if (this.chunk >= 0 && this.offset + bytes <= this.chunks[this.chunk].bytes) {
      const ptr = this.chunks[this.chunk].ptr + this.offset;
      this.offset += bytes;
      return ptr;
    }
    // Move on to the next owned chunk that fits, else take a new one from the heap.
    let next = this.chunk + 1;
    while (next < this.chunks.length && this.chunks[next].bytes < bytes) next++;
    if (next === this.chunks.length) {
      const size = Math.max(MIN_CHUNK, bytes);
      this.chunks.push({ ptr: getHeap().allocChunk(size), bytes: size });
    }
    this.chunk = next;
    this.offset = bytes;
    return this.chunks[next].ptr;
  }

  mark(): ArenaMark {
    return { chunk: this.chunk, offset: this.offset, live: this.live };
  }

  release(mark: ArenaMark): void {
    this.chunk = mark.chunk;
    this.offset = mark.offset;
    this.live = mark.live;
  }

  /** Frees every allocation but keeps the chunks for reuse. */
  reset(): void {
    this.release({ chunk: -1, offset: 0, live: 0 });
  }

  /** Returns all chunks to the heap. The arena stays usable. */
  dispose(): void {
    for (const c of this.chunks) getHeap().freeChunk(c.ptr, c.bytes);
    this.chunks.length = 0;
    this.reset();
  }

  /** Bytes handed out since the start (not counting alignment holes at chunk ends). */
  get bytesInUse(): number {
    let total = this.offset;
    for (let i = 0; i < this.chunk; i++) total += this.chunks[i].bytes;
    return total;
  }

  get bytesReserved(): number {
    return this.chunks.reduce((s, c) => s + c.bytes, 0);
  }
}

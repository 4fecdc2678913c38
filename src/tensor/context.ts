import { Arena } from './arena.js';

// New tensors are allocated in the current arena: the scratch arena unless a caller
// (a layer creating its parameters, an optimizer creating its state) says otherwise.

let scratchArena: Arena | null = null;
let current: Arena | null = null;

/** The scratch arena of this realm: activations and gradients of the current step. */
export function scratch(): Arena {
  scratchArena ??= new Arena('scratch');
  return scratchArena;
}

export function currentArena(): Arena {
  return current ?? scratch();
}

/** Runs `fn` with new tensors allocated in `arena`. */
export function withArena<T>(arena: Arena, fn: () => T): T {
  const previous = current;
  current = arena;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

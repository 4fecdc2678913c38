import type { RunConfig } from './config.js';

/**
 * A run config as written by hand (JSON or code): every field optional, defaults filled in by
 * validateRunConfig. Typing an object as RunConfigInput catches a misspelt variant or a string
 * where a number goes at compile time; validateRunConfig still checks every value at run time.
 */
export type RunConfigInput = DeepPartial<RunConfig>;

/** Every property optional at every depth; arrays keep their element type (partial too). */
export type DeepPartial<T> = T extends readonly (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

import type { NamedParameter } from '../tensor/parameter.js';

/** Anything with parameters. */
export interface Layer {
  namedParameters(prefix: string): NamedParameter[];
}

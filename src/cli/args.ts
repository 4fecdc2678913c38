import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict parsing with node:util parseArgs: an unknown flag or a missing value becomes
 * a UsageError with parseArgs' own one-line message.
 */
export interface Parsed {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export function parse(argv: string[], options: Options, allowPositionals = false): Parsed {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true }) as Parsed;
  } catch (e) {
    // parseArgs explains some errors over several lines; the standard is one line.
    throw new UsageError((e as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

/** Parses a flag value as an integer in [min, max], or throws a UsageError naming the flag. */
export function intFlag(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${value}'`);
  }
  return n;
}

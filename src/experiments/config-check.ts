// Small checkers for JSON configs. Each returns the value with its default filled in,
// or throws a ConfigError: ONE line naming the field path and what is allowed.

import { ConfigError } from '../data/check.js';

export { ConfigError };

type Json = Record<string, unknown>;

import { describe } from '../data/check.js';

// Bounded (a 1 MB string or a list nested 10000 deep is shown as a short preview).
export { describe };

export function fail(path: string, problem: string): never {
  throw new ConfigError(`${path}: ${problem}`);
}

/** An object with only the given keys (unknown keys are typos, so they are errors); undefined → {}. */
export function object(value: unknown, path: string, keys: readonly string[]): Json {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `${describe(value)} is not an object; allowed fields: ${keys.join(', ')}`);
  for (const k of Object.keys(value as Json)) {
    if (!keys.includes(k)) fail(`${path}.${k.length <= 40 ? k : `${k.slice(0, 39)}…`}`, `unknown field; allowed fields of ${path}: ${keys.join(', ')}`);
  }
  return value as Json;
}

export interface NumberRule { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean }

export function number(value: unknown, path: string, fallback: number, rule: NumberRule = {}): number {
  if (value === undefined) return fallback;
  const what = rule.integer ? 'an integer' : 'a number';
  const range = [
    rule.min !== undefined ? `${rule.exclusiveMin ? '>' : '≥'} ${rule.min}` : '',
    rule.max !== undefined ? `≤ ${rule.max}` : '',
  ].filter(Boolean).join(' and ');
  const allowed = `${what}${range ? ` ${range}` : ''}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `${describe(value)} is not ${allowed}`);
  if (rule.integer && !Number.isInteger(value)) fail(path, `${describe(value)} is not ${allowed}`);
  if (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) fail(path, `${value} is not ${allowed}`);
  if (rule.max !== undefined && value > rule.max) fail(path, `${value} is not ${allowed}`);
  return value;
}

export function nullableNumber(value: unknown, path: string, fallback: number | null, rule: NumberRule = {}): number | null {
  if (value === null) return null;
  if (value === undefined) return fallback;
  return number(value, path, 0, rule);
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) fail(path, `${describe(value)} is not one of ${allowed.join(', ')}`);
  return value as T;
}

export function bool(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(path, `${describe(value)} is not true or false`);
  return value;
}

export function intList(value: unknown, path: string, fallback: readonly number[], min = 1, allowEmpty = true): number[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) fail(path, `${describe(value)} is not a list of integers ≥ ${min}`);
  if (!allowEmpty && value.length === 0) fail(path, 'must list at least one integer');
  return value.map((v, i) => number(v, `${path}[${i}]`, 0, { integer: true, min }));
}

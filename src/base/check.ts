// The validation toolkit shared by every config and input checker (the data section in
// src/data/config.ts, the run config in src/train/config.ts, symbols.json, the CLI's
// file readers): small checkers that return the value (its default filled in when missing)
// or throw a ConfigError of ONE line, "<field path>: <problem>", so errors read the same
// wherever they come from. It lives in the ground floor (src/base), so every layer that
// validates imports the same checkers.
// Messages quote values through describe(), which is bounded in length and never recurses,
// so a 1 MB string or a list nested 10000 deep is echoed as a short preview.

/** Longest preview of a value inside a message. */
export const PREVIEW_CHARS = 60;

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`);

/**
 * A short JSON-like rendering of any value: at most `max` characters (then '…'), built
 * iteratively with a character budget, so neither size nor depth of the value matters.
 * Numbers print as JavaScript does (Infinity and NaN, which JSON.stringify turns into null).
 */
export function preview(value: unknown, max = PREVIEW_CHARS): string {
  let out = '';
  type Step = { text: string } | { value: unknown };
  const stack: Step[] = [{ value }];
  while (stack.length > 0 && out.length <= max) {
    const step = stack.pop()!;
    if ('text' in step) {
      out += step.text;
      continue;
    }
    const v = step.value;
    if (typeof v === 'string') out += JSON.stringify(cut(v, max - out.length + 2));
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null) out += String(v);
    else if (v === undefined) out += 'undefined';
    else if (Array.isArray(v)) {
      // Items beyond the budget can never be shown: push no more than it allows.
      const shown = Math.min(v.length, max - out.length + 1);
      stack.push({ text: shown < v.length ? ',…]' : ']' });
      for (let i = shown - 1; i >= 0; i--) {
        stack.push({ value: v[i] });
        if (i > 0) stack.push({ text: ',' });
      }
      stack.push({ text: '[' });
    } else if (typeof v === 'object') {
      const keys = Object.keys(v as object);
      const shown = Math.min(keys.length, max - out.length + 1);
      stack.push({ text: shown < keys.length ? ',…}' : '}' });
      for (let i = shown - 1; i >= 0; i--) {
        stack.push({ value: (v as Record<string, unknown>)[keys[i]] });
        stack.push({ text: `${JSON.stringify(cut(keys[i], max))}:` });
        if (i > 0) stack.push({ text: ',' });
      }
      stack.push({ text: '{' });
    } else out += String(v);
  }
  return cut(out, max);
}

/** A value as quoted in a message: strings in single quotes, anything else as preview(). */
export const describe = (v: unknown): string => (typeof v === 'string' ? `'${cut(v, PREVIEW_CHARS)}'` : preview(v));

/** A problem in a config or input: one line naming the field path. */
export class ConfigError extends Error {}

/** Input data (a file of codes or factors, say) that cannot be used as given; the message says where and why. */
export class DataError extends Error {}

/**
 * JSON.parse with a one-line error naming `source`. JSON has no comments, and configs copied
 * from elsewhere often start with one: say so, instead of quoting the parser's snippet (which
 * can contain the comment's newline).
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const comment = /\/\/|\/\*/.exec(text);
    if (comment !== null && !/^[^"]*"/.test(text.slice(0, comment.index)) ) {
      const line = text.slice(0, comment.index).split('\n').length;
      throw new ConfigError(`${source} is not valid JSON: it has a comment at line ${line}; JSON allows no comments, remove it`);
    }
    throw new ConfigError(`${source} is not valid JSON: ${(e as Error).message.replace(/\s*\n\s*/g, ' ')}`);
  }
}

/** Deepest nesting accepted in a JSON file wtanet wrote itself (it writes a handful of levels). */
export const MAX_JSON_DEPTH = 256;

/**
 * Whether JSON text nests arrays/objects deeper than `max`: one pass over the characters (strings
 * skipped), no parsing, so a 10⁶-deep file is refused at once, before anything recurses over it.
 */
export function jsonTooDeep(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

type Json = Record<string, unknown>;

export function fail(path: string, problem: string): never {
  throw new ConfigError(`${path}: ${problem}`);
}

/** A field name as shown in a path: a 1 MB key is cut like any other quoted input. */
const key = (k: string) => (k.length <= 40 ? k : `${k.slice(0, 39)}…`);

/** An object with only the given keys (unknown keys are typos, so they are errors); undefined → {}. */
export function object(value: unknown, path: string, keys: readonly string[]): Json {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `${describe(value)} is not an object; allowed fields: ${keys.join(', ')}`);
  for (const k of Object.keys(value as Json)) {
    if (!keys.includes(k)) fail(`${path}.${key(k)}`, `unknown field; allowed fields of ${path}: ${keys.join(', ')}`);
  }
  return value as Json;
}

/** An object section whose fields default to `defaults` (which also lists the allowed fields). */
export function section<T extends object>(value: unknown, path: string, defaults: T): Json {
  return { ...defaults, ...object(value, path, Object.keys(defaults)) };
}

/** A field that has no default: undefined is an error. */
export function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) fail(path, 'is missing');
  return value as T;
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

/** A non-empty string (a file path, a name). */
export function text(value: unknown, path: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') fail(path, `${describe(value)} is not a non-empty string`);
  return value;
}

/** A list (any items; check them with the other checkers and `${path}[${i}]`). */
export function list(value: unknown, path: string, fallback: readonly unknown[], minLength = 0): unknown[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) fail(path, `${describe(value)} is not a list`);
  if (value.length < minLength) fail(path, `must list at least ${minLength === 1 ? 'one item' : `${minLength} items`}`);
  return value;
}

export function intList(value: unknown, path: string, fallback: readonly number[], min = 1, allowEmpty = true): number[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) fail(path, `${describe(value)} is not a list of integers ≥ ${min}`);
  if (!allowEmpty && value.length === 0) fail(path, 'must list at least one integer');
  return value.map((v, i) => number(v, `${path}[${i}]`, 0, { integer: true, min }));
}

/** Distinct names, each one of `allowed`. */
export function nameList<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback: readonly T[], minLength = 1): T[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) fail(path, `${describe(value)} is not a list of ${allowed.join(', ')}`);
  if (value.length < minLength) fail(path, `must list at least ${minLength} of ${allowed.join(', ')}`);
  const names = value.map((v, i) => oneOf(required(v, `${path}[${i}]`), `${path}[${i}]`, allowed, allowed[0]));
  if (new Set(names).size !== names.length) fail(path, `${describe(value)} repeats a name; list each once`);
  return names;
}

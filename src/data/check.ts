// The validation toolkit shared by every config and input checker (src/data/config.ts,
// src/experiments/config.ts, the CLI's file readers): small checkers that return the value
// (defaults filled in) or throw a ConfigError of ONE line, "<field path>: <problem>".
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

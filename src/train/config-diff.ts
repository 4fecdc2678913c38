/**
 * The first difference between two JSON values (a validated config and the checkpoint's copy,
 * say), as a field path and the two values. Iterative (no recursion), so any depth is safe.
 */
export interface Difference {
  path: string;
  a: unknown;
  b: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function firstDifference(a: unknown, b: unknown, root = 'config'): Difference | null {
  const stack: Difference[] = [{ path: root, a, b }];
  while (stack.length > 0) {
    const { path, a: x, b: y } = stack.pop()!;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return { path, a: x, b: y };
      for (let i = x.length - 1; i >= 0; i--) stack.push({ path: `${path}[${i}]`, a: x[i], b: y[i] });
    } else if (isObject(x) && isObject(y)) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort().reverse();
      for (const k of keys) stack.push({ path: path === '' ? k : `${path}.${k}`, a: x[k], b: y[k] });
    } else if (!Object.is(x, y)) {
      return { path, a: x, b: y };
    }
  }
  return null;
}

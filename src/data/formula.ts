/**
 * The formula language for user-written tasks, e.g. `color in {red, blue} and pos = 4` or
 * `shape = circle or not size < 1`.
 *
 *   expr    := or
 *   or      := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' unary | '(' expr ')' | compare
 *   compare := factor op value | factor 'in' '{' value (',' value)* '}'
 *   op      := '=' | '!=' | '<' | '<=' | '>' | '>='      (order compares value indices)
 *   value   := a value name of that factor, or its index
 *
 * Errors name the column (1-based), what was expected, and for unknown names the valid ones.
 * Parentheses and 'not' nest at most MAX_NESTING deep.
 */
import type { Factor } from './types.js';

export interface Formula {
  dependsOn: number[];
  evaluate(zRow: ArrayLike<number>): boolean;
  text: string;
}

// 'and'/'or' chains are flat lists (a chain of 10000 terms is not a tree 10000 deep), and
// nesting by '(' and 'not' is limited to MAX_NESTING, so evaluation recurses only that deep.
type Node =
  | { kind: 'and' | 'or'; items: Node[] }
  | { kind: 'not'; inner: Node }
  | { kind: 'cmp'; factor: number; op: string; value: number }
  | { kind: 'in'; factor: number; values: Set<number> };

interface Token {
  type: 'word' | 'num' | 'op' | 'punct' | 'end';
  text: string;
  col: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const col = i + 1;
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '==') {
      tokens.push({ type: 'op', text: two === '==' ? '=' : two, col });
      i += 2;
    } else if ('=<>'.includes(c)) {
      tokens.push({ type: 'op', text: c, col });
      i++;
    } else if ('(){},'.includes(c)) {
      tokens.push({ type: 'punct', text: c, col });
      i++;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[0-9]/.test(text[j])) j++;
      // a name may start with digits (e.g. '3x'); then read it as a word
      if (j < text.length && /[A-Za-z_\-.]/.test(text[j])) {
        while (j < text.length && /[A-Za-z0-9_\-.]/.test(text[j])) j++;
        tokens.push({ type: 'word', text: text.slice(i, j), col });
      } else tokens.push({ type: 'num', text: text.slice(i, j), col });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_\-.]/.test(text[j])) j++;
      tokens.push({ type: 'word', text: text.slice(i, j), col });
      i = j;
    } else {
      throw new Error(`formula: unexpected character '${c}' at column ${col}`);
    }
  }
  tokens.push({ type: 'end', text: 'end of formula', col: text.length + 1 });
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in']);

/** Deepest nesting of '(' and 'not' (the parser and the evaluator recurse once per level). */
export const MAX_NESTING = 64;

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly factors: readonly Factor[],
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private fail(expected: string, t = this.peek()): never {
    const found = t.type === 'end' ? 'end of formula' : `'${t.text}'`;
    throw new Error(`formula: at column ${t.col}: expected ${expected}, found ${found}`);
  }
  private isWord(w: string): boolean {
    const t = this.peek();
    return t.type === 'word' && t.text === w;
  }
  private expectPunct(p: string, expected: string): void {
    const t = this.peek();
    if (t.type !== 'punct' || t.text !== p) this.fail(expected);
    this.pos++;
  }

  parse(): Node {
    const node = this.or();
    if (this.peek().type !== 'end') this.fail("'and', 'or' or end of formula");
    return node;
  }
  private or(): Node {
    const items = [this.and()];
    while (this.isWord('or')) {
      this.pos++;
      items.push(this.and());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }
  private and(): Node {
    const items = [this.unary()];
    while (this.isWord('and')) {
      this.pos++;
      items.push(this.unary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }
  private nested<T>(col: number, f: () => T): T {
    if (++this.depth > MAX_NESTING) throw new Error(`formula: at column ${col}: nested deeper than ${MAX_NESTING} levels of '(' and 'not'`);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
  private unary(): Node {
    const t = this.peek();
    if (this.isWord('not')) {
      this.pos++;
      return this.nested(t.col, () => ({ kind: 'not', inner: this.unary() }));
    }
    if (t.type === 'punct' && t.text === '(') {
      this.pos++;
      return this.nested(t.col, () => {
        const inner = this.or();
        this.expectPunct(')', "')'");
        return inner;
      });
    }
    return this.compare();
  }
  private factorName(): number {
    const t = this.peek();
    if (t.type !== 'word' || KEYWORDS.has(t.text)) this.fail("a factor name, 'not' or '('");
    const f = this.factors.findIndex((x) => x.name === t.text);
    if (f < 0) {
      throw new Error(
        `formula: at column ${t.col}: unknown factor '${t.text}'; factors: ${this.factors.map((x) => x.name).join(', ')}`,
      );
    }
    this.pos++;
    return f;
  }
  private value(f: number): number {
    const t = this.peek();
    const values = this.factors[f].values;
    const list = `values of ${this.factors[f].name}: ${values.join(', ')} (or indices 0..${values.length - 1})`;
    if (t.type === 'word' && !KEYWORDS.has(t.text)) {
      const v = values.indexOf(t.text);
      if (v < 0) throw new Error(`formula: at column ${t.col}: unknown value '${t.text}'; ${list}`);
      this.pos++;
      return v;
    }
    if (t.type === 'num') {
      // a value whose name is this number wins over the index reading
      const named = values.indexOf(t.text);
      const v = named >= 0 ? named : Number(t.text);
      if (v >= values.length) throw new Error(`formula: at column ${t.col}: value index ${t.text} out of range; ${list}`);
      this.pos++;
      return v;
    }
    return this.fail(`a value of ${this.factors[f].name}`);
  }
  private compare(): Node {
    const factor = this.factorName();
    const t = this.peek();
    if (t.type === 'word' && t.text === 'in') {
      this.pos++;
      this.expectPunct('{', "'{'");
      const values = new Set<number>([this.value(factor)]);
      while (this.peek().type === 'punct' && this.peek().text === ',') {
        this.pos++;
        values.add(this.value(factor));
      }
      this.expectPunct('}', "',' or '}'");
      return { kind: 'in', factor, values };
    }
    if (t.type !== 'op') this.fail("'=', '!=', '<', '<=', '>', '>=' or 'in'");
    this.pos++;
    return { kind: 'cmp', factor, op: t.text, value: this.value(factor) };
  }
}

function evalNode(node: Node, z: ArrayLike<number>): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((item) => evalNode(item, z));
    case 'or':
      return node.items.some((item) => evalNode(item, z));
    case 'not':
      return !evalNode(node.inner, z);
    case 'in':
      return node.values.has(z[node.factor]);
    case 'cmp': {
      const a = z[node.factor];
      const b = node.value;
      switch (node.op) {
        case '=':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        default:
          return a >= b;
      }
    }
  }
}

function collectFactors(node: Node, into: Set<number>): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const item of node.items) collectFactors(item, into);
      break;
    case 'not':
      collectFactors(node.inner, into);
      break;
    default:
      into.add(node.factor);
  }
}

export function parseFormula(text: string, factors: readonly Factor[]): Formula {
  const tree = new Parser(tokenize(text), factors).parse();
  const deps = new Set<number>();
  collectFactors(tree, deps);
  return {
    text,
    dependsOn: [...deps].sort((a, b) => a - b),
    evaluate: (zRow) => evalNode(tree, zRow),
  };
}

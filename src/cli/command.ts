/** One `wtanet` subcommand. Each lives in its own file under src/cli/commands/. */
export interface Command {
  readonly name: string;
  /** One line for `wtanet --help`. */
  readonly summary: string;
  /** Full help text: usage line, options, examples. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

/**
 * A usage error: printed as one line plus the command's usage, exit code 2. A problem inside
 * a config file (`usage: false`) is one line alone: the usage line would not help there.
 */
export class UsageError extends Error {
  readonly usage: boolean;
  constructor(message: string, options: { usage?: boolean } = {}) {
    super(message);
    this.usage = options.usage ?? true;
  }
}

/** Longest error line printed: messages quote user input, which must not flood the terminal. */
export const MAX_ERROR_LINE = 200;

/**
 * Characters that would break or disguise the line: C0 controls and DEL, C1 controls (among them
 * U+0085, a line break to some terminals), the line and paragraph separators U+2028/U+2029, and
 * the bidirectional overrides that reorder what a terminal shows.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * An error message as one printable line of at most MAX_ERROR_LINE characters. A long one is
 * cut in the middle: the start names the file, the end — its last '; ' clause, kept whole when it
 * fits — says what to do (which file to delete, which flag to give).
 */
export function errorLine(message: string): string {
  const flat = message.replace(/\r?\n\s*/g, ' ').replace(UNPRINTABLE, '?');
  if (flat.length <= MAX_ERROR_LINE) return flat;
  const head = 40;
  const action = flat.lastIndexOf('; ');
  const tail = action >= head ? Math.min(Math.max(70, flat.length - action), MAX_ERROR_LINE - head - 1) : 70;
  return `${flat.slice(0, MAX_ERROR_LINE - tail - 1)}…${flat.slice(flat.length - tail)}`;
}

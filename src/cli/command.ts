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

/** An error message as one printable line of at most MAX_ERROR_LINE characters. */
export function errorLine(message: string): string {
  // Control characters (a newline quoted from a file, an escape sequence) would break the line.
  // eslint-disable-next-line no-control-regex
  const flat = message.replace(/\r?\n\s*/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '?');
  if (flat.length <= MAX_ERROR_LINE) return flat;
  // Cut from the middle: the start names the file, the end says what to do.
  const tail = 70;
  return `${flat.slice(0, MAX_ERROR_LINE - tail - 1)}…${flat.slice(flat.length - tail)}`;
}

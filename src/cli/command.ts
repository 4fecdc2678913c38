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

/** A usage error: printed as one line plus the command's usage, exit code 2. */
export class UsageError extends Error {}

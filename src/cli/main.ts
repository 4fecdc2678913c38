#!/usr/bin/env node
import { errorLine, UsageError, type Command } from './command.js';
import { commands } from './commands/index.js';

function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: wtanet <command> [options]',
    '',
    'Train deep networks with winner-take-all bottlenecks on many tasks at once, and measure',
    'how symbolic and disentangled the bottleneck code becomes.',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'wtanet <command> --help' for a command's options and examples; 'wtanet --version' for the version.",
  ].join('\n');
}

/** The version in the package's own package.json (dist/src/cli/main.js → ../../../package.json). */
async function packageVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function usageLine(c: Command): string {
  return c.help.split('\n')[0];
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // No command at all is a usage error: the help goes to stderr so `wtanet > out` stays clean.
    if (name === undefined) {
      console.error(globalHelp());
      return 2;
    }
    console.log(globalHelp());
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(await packageVersion());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    console.error(`wtanet: unknown command '${name}'. Commands: ${commands.map((c) => c.name).join(', ')}`);
    console.error("Run 'wtanet --help' for usage.");
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(errorLine(`wtanet ${name}: ${e.message}`));
      if (e.usage) console.error(usageLine(command));
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    console.error(errorLine(message.startsWith('wtanet') ? message : `wtanet ${name}: ${message}`));
    if (process.env.WTANET_DEBUG && e instanceof Error) console.error(e.stack);
    // Errors may carry their own exit code (a LockError: another process holds the folder, 2).
    const code = (e as { exitCode?: unknown })?.exitCode;
    return code === 2 ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Every command has finished its work here (the demo server returns only once closed). If a
  // stray handle kept the event loop alive the process would sit idle forever — seen once under
  // heavy load in the test suite — so exit anyway after a grace period. The timer is unref'd:
  // a process that drains normally exits at once and never waits for it.
  setTimeout(() => process.exit(code), 5000).unref();
});

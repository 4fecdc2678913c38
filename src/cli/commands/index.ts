import type { Command } from '../command.js';
import { reportCommand } from './report.js';

// The registry of subcommands, in the order `wtanet --help` lists them.
// Add one import and one entry per command file.
export const commands: readonly Command[] = [
  reportCommand,
];

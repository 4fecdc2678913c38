import type { Command } from '../command.js';
import { dataCommand } from './data.js';
import { demoCommand } from './demo.js';
import { evalCommand } from './eval.js';
import { reportCommand } from './report.js';
import { reproduceCommand } from './reproduce.js';
import { scoreCommand } from './score.js';
import { symbolsCommand } from './symbols.js';
import { trainCommand } from './train.js';

// The registry of subcommands, in the order `wtanet --help` lists them.
// Add one import and one entry per command file.
export const commands: readonly Command[] = [
  trainCommand,
  reproduceCommand,
  reportCommand,
  evalCommand,
  symbolsCommand,
  scoreCommand,
  dataCommand,
  demoCommand,
];

import { resolve } from 'node:path';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { mergeReport } from '../../experiments/reproduce.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'merge finished run folders (e.g. from --shard runs) into one report',
  help: [
    'Usage: wtanet report DIR... [--out DIR]',
    '',
    'Collects every finished run (a folder with eval.json) under the given folders — reproduce',
    'output folders, folders of runs, or single run folders — and writes report.md, results.json',
    'and figures/*.svg. A run present in several folders must have identical results.',
    '',
    'Options:',
    '  --out DIR   where to write the merged report (default: report/)',
    '',
    'Examples:',
    '  wtanet report shard-0/ shard-1/ shard-2/ shard-3/ --out report/',
    '  wtanet report report/        # rebuild the report from its own run folders',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parse(argv, { out: { type: 'string' } }, true);
    if (positionals.length === 0) throw new UsageError('give at least one folder with finished runs');
    const out = resolve((values.out as string | undefined) ?? 'report');
    const { path, runs } = mergeReport(positionals, out);
    console.log(`wrote ${path} from ${runs} runs`);
    return 0;
  },
};

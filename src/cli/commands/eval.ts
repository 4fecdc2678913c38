import { parse } from '../args.js';
import { errorLine, UsageError, type Command } from '../command.js';
import { evaluateFolder } from '../../experiments/evaluate-folder.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a trained run (accuracy, transfer, every metric)',
  help: [
    'Usage: wtanet eval RUN [--json]',
    '',
    'RUN is a run folder made by `wtanet train --out RUN` or `wtanet reproduce` (DIR/runs/<id>).',
    'Loads its checkpoint (a grid run interrupted mid-training is finished first; a `train` run is',
    'evaluated as it stands), evaluates it on the test split, writes eval.json, symbols.json and',
    'the test codes and factors as codes.npy / factors.npy (for `wtanet score`), and prints every',
    'number.',
    '',
    'Options:',
    '  --json   print the evaluation as JSON',
    '',
    'Examples:',
    '  wtanet eval runs/wta1',
    '  wtanet eval report/runs/main_entangled_wta_linear-head_s1',
    '  wtanet eval report/runs/main_entangled_wta_linear-head_s1 --json > wta.json',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one run folder');
    const { spec, evaluation, epoch, epochs } = await evaluateFolder(positionals[0], { onNotice: (line) => console.error(errorLine(line)) });
    if (values.json) console.log(JSON.stringify(evaluation, null, 2));
    else {
      const keys = Object.keys(evaluation.scalars).sort();
      const w = keys.reduce((m, k) => Math.max(m, k.length), 0);
      console.log(`${spec.id}${epoch < epochs ? ` (after epoch ${epoch} of ${epochs})` : ''}`);
      for (const k of keys) console.log(`  ${k.padEnd(w)}  ${evaluation.scalars[k].toFixed(4)}`);
    }
    return 0;
  },
};

import { join } from 'node:path';
import { parse } from '../args.js';
import { errorLine, UsageError, type Command } from '../command.js';
import type { RunSpec } from '../../experiments/grid.js';
import { withFolderLock } from '../../io/lock.js';
import { fileExists, readJson, writeJson } from '../../io/run-store.js';
import { createRunBackend } from '../reproduce-backend.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a trained run of the reproduction grid (accuracy, transfer, every metric)',
  help: [
    'Usage: wtanet eval RUN [--json]',
    '',
    'RUN is a run folder made by `wtanet reproduce` (DIR/runs/<id>). Loads its checkpoint (finishing',
    'training first if it was interrupted), evaluates it, writes eval.json and symbols.json, and',
    'prints every number.',
    '',
    'Options:',
    '  --json   print the evaluation as JSON',
    '',
    'Examples:',
    '  wtanet eval report/runs/main_entangled_wta_linear-head_s1',
    '  wtanet eval report/runs/main_entangled_wta_linear-head_s1 --json > wta.json',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one run folder');
    const dir = positionals[0]; // as given: messages name it the way the user wrote it
    if (!fileExists(join(dir, 'run.json'))) throw new Error(`${dir} has no run.json: not a run folder made by 'wtanet reproduce'`);
    // Locked for the whole evaluation: eval may finish the run's training and rewrites its files.
    const { spec, evaluation } = await withFolderLock(dir, 'eval', async () => {
      const spec = readJson<RunSpec>(join(dir, 'run.json'));
      const ok = typeof spec === 'object' && spec !== null && typeof spec.id === 'string' && typeof spec.config === 'object' && spec.config !== null;
      if (!ok) throw new Error(`wtanet: ${join(dir, 'run.json')} is damaged (it needs an 'id' and a 'config'); run 'wtanet reproduce' with the same --out to rewrite it`);
      const backend = createRunBackend();
      await backend.train(spec, dir, { onNotice: (line) => console.error(errorLine(line)) });
      const { evaluation, symbols } = await backend.evaluate(spec, dir);
      writeJson(join(dir, 'symbols.json'), symbols);
      writeJson(join(dir, 'eval.json'), evaluation);
      return { spec, evaluation };
    }, { onNotice: (line) => console.error(errorLine(line)) });
    if (values.json) console.log(JSON.stringify(evaluation, null, 2));
    else {
      const keys = Object.keys(evaluation.scalars).sort();
      const w = keys.reduce((m, k) => Math.max(m, k.length), 0);
      console.log(`${spec.id}`);
      for (const k of keys) console.log(`  ${k.padEnd(w)}  ${evaluation.scalars[k].toFixed(4)}`);
    }
    return 0;
  },
};

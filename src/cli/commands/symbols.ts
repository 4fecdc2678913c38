import { join } from 'node:path';
import { parse } from '../args.js';
import { errorLine, UsageError, type Command } from '../command.js';
import { fileExists, readJson } from '../../io/run-store.js';
import { evaluateFolder } from '../../experiments/evaluate-folder.js';
import { runFolderArg } from '../run-folder-arg.js';
import { ConfigError } from '../../base/check.js';
import { checkSymbolTable, type SymbolTable } from '../../metrics/symbols.js';

export const symbolsCommand: Command = {
  name: 'symbols',
  summary: "print a run's symbol table: which unit stands for which factor value, with purity",
  help: [
    'Usage: wtanet symbols RUN [--all] [--json]',
    '',
    "Prints the symbol table of a trained run (its symbols.json; the run is evaluated first when",
    "it has none, as by 'wtanet eval'): for each bottleneck unit, the",
    'factor value it best stands for, with purity P(value | unit on) and coverage',
    'P(unit on | value); a unit is a symbol when both are ≥ 0.95. Then, for each factor value,',
    'the units that encode it.',
    '',
    'Options:',
    '  --all    also list units that are never on',
    '  --json   print symbols.json as is',
    '',
    'Examples:',
    '  wtanet symbols runs/wta1',
    '  wtanet symbols report/runs/main_entangled_wta_linear-head_s1',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' }, all: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one run folder');
    const given = runFolderArg(positionals[0], 'symbols'); // messages name it the way the user wrote it
    const path = join(given, 'symbols.json');
    if (!fileExists(path)) {
      console.error(`wtanet symbols: evaluating ${given} first (writes eval.json and symbols.json)`);
      await evaluateFolder(given, { onNotice: (line) => console.error(errorLine(line)) });
    }
    let table: SymbolTable;
    try {
      table = checkSymbolTable(readJson<unknown>(path));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      throw new Error(`wtanet: ${path} is not a valid symbol table: ${e.message}; recompute it with 'wtanet eval ${given}'`);
    }
    if (values.json) {
      console.log(JSON.stringify(table, null, 2));
      return 0;
    }
    console.log(`${table.kind} code, ${table.groups} groups × ${table.unitsPerGroup} units; symbol = purity ≥ ${table.purityThreshold} and coverage ≥ ${table.coverageThreshold}`);
    console.log('');
    console.log('unit  group  best factor = value        purity  coverage  symbol');
    for (const u of table.units) {
      if (u.factor === null && !values.all) continue;
      const fv = u.factor === null ? '(never on)' : `${u.factor} = ${u.value}`;
      console.log(`${String(u.unit).padStart(4)}  ${String(u.group).padStart(5)}  ${fv.padEnd(25)}  ${u.purity.toFixed(3)}   ${u.coverage.toFixed(3)}    ${u.symbol ? 'yes' : ''}`);
    }
    console.log('');
    console.log('factor = value              symbol      units');
    for (const v of table.values) {
      console.log(`${`${v.factor} = ${v.value}`.padEnd(26)}  ${(v.symbol ?? 'none').padEnd(10)}  ${v.units.join(', ')}`);
    }
    return 0;
  },
};

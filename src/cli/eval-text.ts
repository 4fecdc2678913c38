// What `wtanet eval` prints: the factor × group table first, then the numbers in sections
// (task accuracy, code structure, transfer), counts as integers. Every scalar of eval.json is
// printed once; one the sections do not know goes under "Other".
import type { RunEval } from '../report/results.js';
import { factorGroupNMI } from '../report/results.js';
import { factorTable } from './factor-table.js';
import { dciLabel } from '../metrics/report.js';

const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(3));
const int = (x: number | undefined) => (x === undefined ? '-' : String(Math.round(x)));

export interface EvalTextOptions {
  /** Completed epochs and the epochs the config asks for (a run evaluated mid-training says so). */
  epoch?: number;
  epochs?: number;
}

export function evalText(e: RunEval, options: EvalTextOptions = {}): string {
  const s = e.scalars;
  const used = new Set<string>();
  const get = (k: string) => {
    used.add(k);
    return s[k];
  };
  const lines: string[] = [];
  const { epoch, epochs } = options;
  const st = e.settings;
  lines.push(`${e.id}${epoch !== undefined && epochs !== undefined && epoch < epochs ? ` (after epoch ${epoch} of ${epochs})` : ''}`);
  lines.push(`${st.variant} bottleneck, ${int(get('groups') ?? e.groups)} groups × ${int(get('unitsPerGroup') ?? st.unitsPerGroup)} units (${int(get('d'))} units), ${st.head} heads, ${st.numTasks} tasks, ${st.dataset} data, seed ${st.seed}`);
  lines.push(`evaluated on ${int(get('n'))} test samples`);
  lines.push('');

  // 1. Per factor: which group holds it, structure and precision.
  lines.push(...factorTable(e.factors.map((f) => f.name), factorGroupNMI(e), e.factorMatching));
  lines.push('');

  // 2. Task accuracy.
  const row = (name: string, value: string, note = '') => `  ${name.padEnd(26)}${value.padStart(7)}${note ? `   ${note}` : ''}`;
  lines.push(`Task accuracy (mean over the ${st.numTasks} tasks)`);
  lines.push(row('train', f3(get('acc.train'))));
  lines.push(row('test (IID)', f3(get('acc.test'))));
  lines.push(row('held-out combinations', f3(get('acc.heldout')), 'factor combinations never seen in training'));
  lines.push('');

  // 3. Code structure.
  lines.push('Code structure');
  const F = e.factors.length;
  const constant = get('constantFactors');
  lines.push(row('factorial', int(get('factorial')), 'each factor matched to a distinct group with NMI ≥ 0.95'));
  if (e.factorMatching) lines.push(row('structure', String(e.factorMatching.structure), 'each factor has its own group whose winning units detect its values'));
  lines.push(row('best-group NMI', f3(get('bestGroupNmi')), 'mean over factors of the largest group NMI'));
  lines.push(row('symbolicity', f3(get('symbols.symbolicity')),
    `${int(get('symbols.valuesWithSymbol'))} of ${int(get('symbols.valuesCounted'))} factor values have a symbol (${int(get('symbols.valuesWithUnitSymbol'))} unit, ${int(get('symbols.valuesWithPopulationSymbol'))} population)`));
  lines.push(row('symbol units', int(get('symbols.symbolUnits')), 'units that are a symbol for one factor value'));
  lines.push(row('mean purity', f3(get('symbols.meanPurity'))));
  lines.push(row('mean coverage', f3(get('symbols.meanCoverage'))));
  lines.push(row('active units', `${int(get('activeUnits'))}/${int(s.d)}`, 'units that win (or vary) on some sample'));
  lines.push(row('active groups', `${int(get('activeGroups'))}/${int(s.groups ?? e.groups)}`, 'groups whose winner varies'));
  if (constant !== undefined && constant > 0) lines.push(row('constant factors', int(constant), `of ${F}, one value in the test split: left out of every score`));
  else lines.push(row('constant factors', int(constant)));
  const two = (name: string, g: string, u: string, note = '') => `  ${name.padEnd(26)}${g.padStart(7)}${u.padStart(8)}${note ? `   ${note}` : ''}`;
  lines.push(two('', 'group', 'unit'));
  lines.push(two('InfoM', f3(get('group.infoM')), f3(get('unit.infoM'))));
  lines.push(two('InfoC', f3(get('group.infoC')), f3(get('unit.infoC'))));
  lines.push(two('InfoE', f3(get('group.infoE')), '-'));
  lines.push(two('MIG', f3(get('group.mig')), f3(get('unit.mig')), 'unit-level MIG is ~0 even for a perfect one-hot code'));
  lines.push(two('modularity', f3(get('group.modularity')), f3(get('unit.modularity'))));
  lines.push(`  DCI, preset ${e.dci ? dciLabel(e.dci) : 'wtanet (eval.json written before DCI presets)'}:`);
  lines.push(two('DCI disentanglement', f3(get('group.dci.disentanglement')), f3(get('unit.dci.disentanglement'))));
  lines.push(two('DCI completeness', f3(get('group.dci.completeness')), f3(get('unit.dci.completeness'))));
  lines.push(two('DCI informativeness', f3(get('group.dci.informativeness')), f3(get('unit.dci.informativeness'))));
  lines.push(two('  above chance', f3(get('group.dci.informativenessAboveChance')), f3(get('unit.dci.informativenessAboveChance'))));
  lines.push(two('variables', int(get('group.variables')), int(get('unit.variables'))));
  lines.push(two('  active', int(get('group.active')), int(get('unit.active'))));
  lines.push('');

  // 4. Transfer.
  lines.push('Transfer');
  const ks = Object.keys(s).filter((k) => /^fewshot\.k\d+$/.test(k)).sort((a, b) => Number(a.slice(9)) - Number(b.slice(9)));
  if (ks.length > 0) {
    lines.push('  few-shot: a softmax readout on the frozen code from k samples per class, each factor a new task (mean over factors)');
    for (const k of ks) lines.push(row(`  k = ${k.slice(9)}`, f3(get(k))));
  }
  lines.push(row('zero-shot formulas', f3(get('zeroshot.accuracy')), 'mean; answered through the symbol table, no training'));
  for (const z of e.zeroShot) lines.push(`    ${f3(z.accuracy)}  ${z.formula}`);

  const other = Object.keys(s).filter((k) => !used.has(k)).sort();
  if (other.length > 0) {
    lines.push('');
    lines.push('Other');
    for (const k of other) lines.push(row(k, Number.isInteger(s[k]) ? String(s[k]) : f3(s[k])));
  }
  return lines.join('\n');
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../base/check.js';

import { writeFilesAtomic } from '../../io/atomic.js';
import { readMatrix } from '../../io/matrix-file.js';
import { computeAllMetrics, dciLabel, type MetricsReport } from '../../metrics/report.js';
import { DCI_PRESETS, type DciPreset } from '../../metrics/dci-presets.js';
import { symbolTable } from '../../metrics/symbols.js';
import { checkCodes, codeKind, detectKind, toFactors } from '../../metrics/code-input.js';
import type { CodeKind, FactorSpec } from '../../metrics/types.js';
import { intFlag, parse } from '../args.js';
import { errorLine, UsageError, type Command } from '../command.js';
import { CODES_FILE, evaluateFolder, FACTORS_FILE } from '../../experiments/evaluate-folder.js';
import { runFolderArg } from '../run-folder-arg.js';
import { metricsSeed } from '../../experiments/evaluate-run.js';
import { factorTable } from '../factor-table.js';
import { bottleneckVariant, type RunEval } from '../../report/results.js';
import { readJson } from '../../io/run-store.js';

const help = `Usage: wtanet score --codes CODES --factors FACTORS [--groups G] [--kind wta|continuous] [--seed N] [--dci PRESET] [--json] [--out FILE] [--symbols FILE]
       wtanet score RUN [options]

Scores a bottleneck code made by any framework (a PyTorch or JAX model, say) against its
factors of variation: NMI, InfoM/InfoC/InfoE, MIG, modularity, DCI, factorial and best-group
NMI, symbolicity, few-shot transfer, active units. See docs/metrics.md for the definitions.
Given a run folder RUN instead, scores its test codes (RUN/codes.npy and factors.npy, which
'wtanet eval RUN' writes; evaluated first if missing) with the run's own groups, code kind,
factor names and seed: the numbers 'wtanet eval RUN' prints. The table starts with the factor ×
group NMI (rows: factors, columns: groups), each factor's matched group marked.

Options:
  --codes FILE     n × D unit values: .npy (float32/64 or integer) or .csv (header optional)
  --factors FILE   n × F integer factor values (0, 1, 2, ...): .npy or .csv; a CSV header names the factors
  --groups G       D units form G groups of D/G units; a group's code is its argmax (default 1)
  --kind K         'wta' (units win their group) or 'continuous' (units binned, "on" above median).
                   Default: 'wta' if every group of every row has exactly one nonzero unit, else 'continuous'
  --seed N         seed of the metrics' random draws: the few-shot samples (and the halves they come
                   from) and the DCI forests. Default: for RUN, the run's seed (the rule of 'wtanet
                   eval', so both give the same numbers on the same codes); for --codes, 0
  --dci PRESET     how DCI is computed (docs/metrics.md): 'wtanet' (default: random forest, groups
                   one-hot, log base of the active units) or 'disentanglement_lib' (as that library's
                   dci.py: scikit-learn's gradient-boosted trees, a group as its winner's index, raw
                   unit values, log base of all units, the first 2/3 of the rows train and the
                   rest test — beyond 15 000 rows a seeded sample of 10 000 train and 5 000 test,
                   as its studies draw), comparable with the DCI tables published from it
  --json           print the JSON report instead of the table
  --out FILE       also write the JSON report to FILE
  --symbols FILE   also write the symbol table (symbols.json format) to FILE

Exit codes: 0 scored, 1 bad data (named file and problem; nothing written), 2 usage error.

Examples:
  wtanet score --codes codes.npy --factors factors.npy --groups 8
  wtanet score --codes z.csv --factors y.csv --kind continuous --json --out scores.json
  wtanet score runs/wta1`;

const fmt = (x: number) => x.toFixed(3);

function table(r: MetricsReport): string {
  const lines: string[] = [];
  lines.push(`${r.n} samples, ${r.d} units in ${r.groups} group${r.groups === 1 ? '' : 's'} of ${r.unitsPerGroup} (${r.kind}), ${r.factors.length} factors`);
  lines.push(`active units ${r.activeUnits}/${r.d}, active groups ${r.activeGroups}/${r.groups}`);
  if (r.constantFactors > 0) {
    const left = r.factors.filter((f) => !r.scoredFactors.includes(f));
    lines.push(`${r.constantFactors} constant factor${r.constantFactors === 1 ? '' : 's'} (one value in these samples) left out of every score: ${left.join(', ')}`);
  }
  lines.push('');
  lines.push(...factorTable(r.factors, r.group.nmi, r.factorMatching));
  lines.push('');
  const row = (name: string, g: string, u: string) => `  ${name.padEnd(22)}${g.padStart(8)}${u.padStart(8)}`;
  lines.push(row('', 'group', 'unit'));
  lines.push(row('InfoM', fmt(r.group.infoM), fmt(r.unit.infoM)));
  lines.push(row('InfoC', fmt(r.group.infoC), fmt(r.unit.infoC)));
  lines.push(row('InfoE', r.infoE ? fmt(r.infoE.infoE) : '-', '-'));
  lines.push(row('MIG', fmt(r.group.mig), `${fmt(r.unit.mig)}*`));
  lines.push(row('modularity', fmt(r.group.modularity), fmt(r.unit.modularity)));
  if (r.group.dci && r.unit.dci) {
    lines.push(`  DCI, preset ${dciLabel(r.group.dci)}:`);
    lines.push(row('DCI disentanglement', fmt(r.group.dci.disentanglement), fmt(r.unit.dci.disentanglement)));
    lines.push(row('DCI completeness', fmt(r.group.dci.completeness), fmt(r.unit.dci.completeness)));
    lines.push(row('DCI informativeness', fmt(r.group.dci.informativeness), fmt(r.unit.dci.informativeness)));
  }
  lines.push('  * unit-level MIG is ~0 even for a perfect one-hot code (units of one factor tie)');
  lines.push('');
  lines.push(`best-group NMI ${fmt(r.bestGroupNmi)} (mean over factors of the largest group NMI)`);
  const s = r.symbols;
  lines.push(
    `symbolicity ${fmt(s.symbolicity)}: ${s.valuesWithSymbol} of ${s.valuesCounted} factor values have a symbol ` +
      `(${s.valuesWithUnitSymbol} unit, ${s.valuesWithPopulationSymbol} population); mean purity ${fmt(s.meanPurity)}, coverage ${fmt(s.meanCoverage)}`,
  );
  if (r.fewShot) lines.push(`few-shot accuracy: ${r.fewShot.map((f) => `k=${f.k} ${fmt(f.accuracy)}`).join(', ')}`);
  return lines.join('\n');
}

/** A run folder's test codes and factors (evaluating the run first if they are not there yet). */
async function runCodes(dir: string): Promise<{ codes: string; factors: string; groups: number; kind: CodeKind; seed: number; specs: FactorSpec[] }> {
  const codes = join(dir, CODES_FILE);
  if (!existsSync(codes) || !existsSync(join(dir, 'eval.json'))) {
    console.error(`wtanet score: evaluating ${dir} first (writes eval.json, symbols.json, ${CODES_FILE}, ${FACTORS_FILE})`);
    await evaluateFolder(dir, { onNotice: (line) => console.error(errorLine(line)) });
  }
  const e = readJson<RunEval>(join(dir, 'eval.json'));
  // The same code kind as `wtanet eval` uses, so both give the same scores.
  const kind = codeKind(bottleneckVariant(e.settings.variant));
  // And the same seed for the random draws (few-shot samples, DCI forests) as eval used.
  // And the run's factor names and values (eval's), where factors.npy holds bare integers.
  return { codes, factors: join(dir, FACTORS_FILE), groups: e.groups, kind, seed: metricsSeed(e.settings), specs: e.factors };
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'score any code (.npy or .csv) against its factors: disentanglement and symbolicity',
  help,
  async run(argv: string[]): Promise<number> {
    const { values, positionals } = parse(argv, {
      codes: { type: 'string' },
      factors: { type: 'string' },
      groups: { type: 'string' },
      kind: { type: 'string' },
      seed: { type: 'string' },
      dci: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      symbols: { type: 'string' },
    }, true);
    let codesPath = values.codes as string | undefined;
    let factorsPath = values.factors as string | undefined;
    let groups = intFlag('groups', values.groups as string | undefined, 1);
    let kindFlag = values.kind as string | undefined;
    let seed = intFlag('seed', values.seed as string | undefined, 0);
    let runFactors: FactorSpec[] | undefined;
    if (positionals.length > 1) throw new UsageError('give at most one run folder');
    if (positionals.length === 1) {
      if (codesPath !== undefined || factorsPath !== undefined) throw new UsageError('give a run folder or --codes/--factors, not both');
      const run = await runCodes(runFolderArg(positionals[0], 'score'));
      codesPath = run.codes;
      factorsPath = run.factors;
      groups ??= run.groups;
      kindFlag ??= run.kind;
      seed ??= run.seed;
      runFactors = run.specs;
    }
    if (codesPath === undefined) throw new UsageError('--codes FILE (or a run folder) is required');
    if (factorsPath === undefined) throw new UsageError('--factors FILE is required');
    groups ??= 1;
    seed ??= 0;
    if (kindFlag !== undefined && kindFlag !== 'wta' && kindFlag !== 'continuous') {
      throw new UsageError(`--kind must be 'wta' or 'continuous', got '${kindFlag}'`);
    }
    const dciPreset = (values.dci as string | undefined) ?? 'wtanet';
    if (!DCI_PRESETS.includes(dciPreset as DciPreset)) throw new UsageError(`--dci must be one of ${DCI_PRESETS.join(', ')}, got '${dciPreset}'`);

    let report: MetricsReport;
    let symbols;
    try {
      const codes = readMatrix(codesPath);
      const factorMatrix = readMatrix(factorsPath);
      checkCodes(codesPath, codes);
      const read = toFactors(factorsPath, factorMatrix);
      const { z } = read;
      // A run's factors keep their names and value lists (so a value missing from the test split
      // still counts, as in eval), when they fit the file.
      const fits = runFactors?.length === read.factors.length && read.factors.every((f, i) => f.values.length <= runFactors![i].values.length);
      const factors = fits ? runFactors! : read.factors;
      if (codes.rows !== factorMatrix.rows) {
        throw new DataError(`${codesPath} has ${codes.rows} rows but ${factorsPath} has ${factorMatrix.rows}; they must describe the same samples`);
      }
      if (codes.cols % groups !== 0) {
        throw new DataError(`${codesPath}: ${codes.cols} units cannot be split into --groups ${groups} equal groups`);
      }
      const input = {
        codes: codes.data, n: codes.rows, d: codes.cols, groups, z, factors,
        kind: (kindFlag as CodeKind | undefined) ?? detectKind(codes.data, codes.rows, codes.cols, groups),
      };
      report = computeAllMetrics(input, { seed, dciPreset });
      symbols = values.symbols !== undefined ? symbolTable(input) : null;
    } catch (e) {
      if (e instanceof DataError) {
        console.error(errorLine(`wtanet score: ${e.message}`));
        return 1;
      }
      throw e;
    }
    const json = JSON.stringify(report, null, 2) + '\n';
    // Both outputs or neither: a bad --symbols path must not leave a fresh --out behind.
    const outputs = [];
    if (values.out !== undefined) outputs.push({ path: values.out as string, data: json });
    if (symbols) outputs.push({ path: values.symbols as string, data: JSON.stringify(symbols, null, 2) + '\n' });
    writeFilesAtomic(outputs);
    console.log(values.json ? json.trimEnd() : table(report));
    return 0;
  },
};

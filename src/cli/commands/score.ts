import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

import { writeFilesAtomic } from '../../io/atomic.js';
import { readNpy } from '../../io/npy.js';
import { computeAllMetrics, type MetricsReport } from '../../metrics/report.js';
import { symbolTable } from '../../metrics/symbols.js';
import type { CodeKind, FactorSpec } from '../../metrics/types.js';
import { intFlag, parse } from '../args.js';
import { errorLine, UsageError, type Command } from '../command.js';
import { CODES_FILE, evaluateFolder, FACTORS_FILE } from '../evaluate-folder.js';
import type { RunEval } from '../../experiments/results.js';
import { readJson } from '../../io/run-store.js';

const help = `Usage: wtanet score --codes CODES --factors FACTORS [--groups G] [--kind wta|continuous] [--seed N] [--json] [--out FILE] [--symbols FILE]
       wtanet score RUN [options]

Scores a bottleneck code made by any framework (a PyTorch or JAX model, say) against its
factors of variation: NMI, InfoM/InfoC/InfoE, MIG, modularity, DCI, factorial and best-group
NMI, symbolicity, few-shot transfer, active units. See docs/metrics.md for the definitions.
Given a run folder RUN instead, scores its test codes (RUN/codes.npy and factors.npy, which
'wtanet eval RUN' writes; evaluated first if missing) with the run's own groups and code kind.

Options:
  --codes FILE     n × D unit values: .npy (float32/64 or integer) or .csv (header optional)
  --factors FILE   n × F integer factor values (0, 1, 2, ...): .npy or .csv; a CSV header names the factors
  --groups G       D units form G groups of D/G units; a group's code is its argmax (default 1)
  --kind K         'wta' (units win their group) or 'continuous' (units binned, "on" above median).
                   Default: 'wta' if every group of every row has exactly one nonzero unit, else 'continuous'
  --seed N         seed for the DCI forests and the few-shot samples (default 0)
  --json           print the JSON report instead of the table
  --out FILE       also write the JSON report to FILE
  --symbols FILE   also write the symbol table (symbols.json format) to FILE

Exit codes: 0 scored, 1 bad data (named file and problem; nothing written), 2 usage error.

Examples:
  wtanet score --codes codes.npy --factors factors.npy --groups 8
  wtanet score --codes z.csv --factors y.csv --kind continuous --json --out scores.json
  wtanet score runs/wta1`;

/** A numeric matrix read from a file; `names` from a CSV header. */
interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
  names: string[] | null;
}

class DataError extends Error {}

function readMatrix(path: string): Matrix {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new DataError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') return readNpyMatrix(path, bytes);
  if (ext === '.csv' || ext === '.txt') return readCsvMatrix(path, new TextDecoder().decode(bytes));
  throw new DataError(`${path}: unsupported file type '${ext || '(none)'}'; use .npy or .csv`);
}

function readNpyMatrix(path: string, bytes: Uint8Array): Matrix {
  let array;
  try {
    array = readNpy(bytes);
  } catch (e) {
    throw new DataError(`${path}: ${(e as Error).message}`);
  }
  const { shape, data } = array;
  if (shape.length === 0 || shape.length > 2) {
    throw new DataError(`${path}: expected a 1-D or 2-D array (n × columns), got shape [${shape.join(', ')}]`);
  }
  const rows = shape[0];
  const cols = shape.length === 2 ? shape[1] : 1;
  if (rows === 0 || cols === 0) throw new DataError(`${path}: the array is empty (shape [${shape.join(', ')}])`);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = Number(data[i]);
  return { rows, cols, data: out, names: null };
}

/** A CSV field as a number (NaN and ±inf spelled out are numbers, to be rejected later with position), or null. */
function parseField(f: string): number | null {
  if (f === '') return null;
  // Plain numbers first: the spelled-out specials are rare, and regular expressions per field
  // would dominate reading a large file.
  const v = Number(f);
  if (!Number.isNaN(v)) return v;
  if (/^[+-]?nan$/i.test(f)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(f)) return f.startsWith('-') ? -Infinity : Infinity;
  return null;
}

function readCsvMatrix(path: string, text: string): Matrix {
  const lines = text.split(/\r?\n/);
  let names: string[] | null = null;
  // A growing typed array: a plain array of 12.8 million numbers would cost several times more.
  let values = new Float64Array(1024);
  let count = 0;
  let cols = -1;
  let rows = 0;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l].trim();
    if (line === '') continue;
    // Also read what NumPy and pandas write by default: np.savetxt separates with spaces,
    // to_csv quotes some header names; a leading byte-order mark is not part of a name.
    const cells = line.includes(',') ? line.split(',') : line.split(/\s+/);
    const fields = cells.map((f, c) => {
      const t = (c === 0 && f.charCodeAt(0) === 0xfeff ? f.slice(1) : f).trim();
      return t.charCodeAt(0) === 34 /* " */ ? t.replace(/^"(.*)"$/, '$1') : t;
    });
    const parsed = fields.map(parseField);
    // The first nonempty line is a header when any of its fields is not a number.
    if (cols < 0 && parsed.some((v) => v === null)) {
      names = fields;
      cols = fields.length;
      continue;
    }
    if (cols < 0) cols = fields.length;
    if (fields.length !== cols) throw new DataError(`${path} line ${l + 1}: expected ${cols} values, got ${fields.length}`);
    if (count + cols > values.length) {
      const grown = new Float64Array(Math.max(values.length * 2, count + cols));
      grown.set(values.subarray(0, count));
      values = grown;
    }
    parsed.forEach((v, c) => {
      if (v === null) throw new DataError(`${path} line ${l + 1}, column ${c + 1}: '${fields[c]}' is not a number`);
      values[count++] = v;
    });
    rows++;
  }
  if (rows === 0) throw new DataError(`${path}: no data rows`);
  return { rows, cols, data: values.slice(0, count), names };
}

function checkCodes(path: string, m: Matrix): void {
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      throw new DataError(`${path}: row ${Math.floor(i / m.cols) + 1}, column ${(i % m.cols) + 1} is ${m.data[i]}; codes must be finite numbers`);
    }
  }
}

/**
 * Most values a factor may have. Every metric keeps tables of (factor value × code value) and
 * the readouts (InfoE, few-shot) have one output per value, so time and memory grow with the
 * largest label: a stray 1000000 in a 400-row file took 43 s and 1.5 GB. 256 covers the
 * categorical factors of the usual datasets (Cars3D's 183 objects, say); measured on 200000 ×
 * 64 codes here, one 256-valued factor costs ≈ 15 s CPU, eight-valued ones ≈ 4 s.
 */
export const MAX_FACTOR_VALUES = 256;

function toFactors(path: string, m: Matrix): { z: Int32Array; factors: FactorSpec[] } {
  const z = new Int32Array(m.data.length);
  const max = new Array<number>(m.cols).fill(0);
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i];
    const where = `${path}: row ${Math.floor(i / m.cols) + 1}, column ${(i % m.cols) + 1} is ${v}`;
    if (!Number.isInteger(v) || v < 0) throw new DataError(`${where}; factor values must be integers 0, 1, 2, ... (label-encode them first)`);
    if (v >= MAX_FACTOR_VALUES) {
      throw new DataError(`${where}; a factor may have at most ${MAX_FACTOR_VALUES} values (0 to ${MAX_FACTOR_VALUES - 1}): label-encode it as 0, 1, 2, ... or bin it`);
    }
    z[i] = v;
    max[i % m.cols] = Math.max(max[i % m.cols], v);
  }
  const factors = max.map((k, f) => ({
    name: m.names?.[f] || `factor${f}`,
    values: Array.from({ length: k + 1 }, (_, v) => String(v)),
  }));
  return { z, factors };
}

/** 'wta' when every group of every row has exactly one nonzero unit (a one-hot WTA output). */
function detectKind(codes: Float64Array, n: number, d: number, groups: number): CodeKind {
  const size = d / groups;
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < groups; g++) {
      let nonzero = 0;
      for (let u = 0; u < size; u++) if (codes[i * d + g * size + u] !== 0) nonzero++;
      if (nonzero !== 1) return 'continuous';
    }
  }
  return 'wta';
}

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
  const row = (name: string, g: string, u: string) => `  ${name.padEnd(22)}${g.padStart(8)}${u.padStart(8)}`;
  lines.push(row('', 'group', 'unit'));
  lines.push(row('InfoM', fmt(r.group.infoM), fmt(r.unit.infoM)));
  lines.push(row('InfoC', fmt(r.group.infoC), fmt(r.unit.infoC)));
  lines.push(row('InfoE', r.infoE ? fmt(r.infoE.infoE) : '-', '-'));
  lines.push(row('MIG', fmt(r.group.mig), `${fmt(r.unit.mig)}*`));
  lines.push(row('modularity', fmt(r.group.modularity), fmt(r.unit.modularity)));
  if (r.group.dci && r.unit.dci) {
    lines.push(row('DCI disentanglement', fmt(r.group.dci.disentanglement), fmt(r.unit.dci.disentanglement)));
    lines.push(row('DCI completeness', fmt(r.group.dci.completeness), fmt(r.unit.dci.completeness)));
    lines.push(row('DCI informativeness', fmt(r.group.dci.informativeness), fmt(r.unit.dci.informativeness)));
  }
  lines.push('  * unit-level MIG is ~0 even for a perfect one-hot code (units of one factor tie)');
  lines.push('');
  lines.push(`factorial ${r.factorial} (every factor has a group of its own with NMI ≥ 0.95), best-group NMI ${fmt(r.bestGroupNmi)} (mean over factors of the largest group NMI)`);
  const s = r.symbols;
  lines.push(
    `symbolicity ${fmt(s.symbolicity)}: ${s.valuesWithSymbol} of ${s.valuesCounted} factor values have a symbol ` +
      `(${s.valuesWithUnitSymbol} unit, ${s.valuesWithPopulationSymbol} population); mean purity ${fmt(s.meanPurity)}, coverage ${fmt(s.meanCoverage)}`,
  );
  if (r.fewShot) lines.push(`few-shot accuracy: ${r.fewShot.map((f) => `k=${f.k} ${fmt(f.accuracy)}`).join(', ')}`);
  lines.push('');
  lines.push('NMI, group level (rows: factors, columns: groups):');
  const width = Math.max(8, ...r.factors.map((f) => f.length + 2));
  lines.push(''.padEnd(width) + r.group.nmi[0].map((_, j) => `g${j}`.padStart(6)).join(''));
  r.group.nmi.forEach((nmiRow, f) => lines.push(r.factors[f].padEnd(width) + nmiRow.map((v) => v.toFixed(2).padStart(6)).join('')));
  return lines.join('\n');
}

/** A run folder's test codes and factors (evaluating the run first if they are not there yet). */
async function runCodes(dir: string): Promise<{ codes: string; factors: string; groups: number; kind: CodeKind }> {
  const codes = join(dir, CODES_FILE);
  if (!existsSync(codes) || !existsSync(join(dir, 'eval.json'))) {
    console.error(`wtanet score: evaluating ${dir} first (writes eval.json, symbols.json, ${CODES_FILE}, ${FACTORS_FILE})`);
    await evaluateFolder(dir, { onNotice: (line) => console.error(errorLine(line)) });
  }
  const e = readJson<RunEval>(join(dir, 'eval.json'));
  // The same code kind as `wtanet eval` uses, so both give the same scores.
  const kind = e.settings.variant === 'wta' || e.settings.variant === 'softmax' ? 'wta' : 'continuous';
  return { codes, factors: join(dir, FACTORS_FILE), groups: e.groups, kind };
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
      json: { type: 'boolean' },
      out: { type: 'string' },
      symbols: { type: 'string' },
    }, true);
    let codesPath = values.codes as string | undefined;
    let factorsPath = values.factors as string | undefined;
    let groups = intFlag('groups', values.groups as string | undefined, 1);
    let kindFlag = values.kind as string | undefined;
    if (positionals.length > 1) throw new UsageError('give at most one run folder');
    if (positionals.length === 1) {
      if (codesPath !== undefined || factorsPath !== undefined) throw new UsageError('give a run folder or --codes/--factors, not both');
      const run = await runCodes(positionals[0]);
      codesPath = run.codes;
      factorsPath = run.factors;
      groups ??= run.groups;
      kindFlag ??= run.kind;
    }
    if (codesPath === undefined) throw new UsageError('--codes FILE (or a run folder) is required');
    if (factorsPath === undefined) throw new UsageError('--factors FILE is required');
    groups ??= 1;
    const seed = intFlag('seed', values.seed as string | undefined, 0) ?? 0;
    if (kindFlag !== undefined && kindFlag !== 'wta' && kindFlag !== 'continuous') {
      throw new UsageError(`--kind must be 'wta' or 'continuous', got '${kindFlag}'`);
    }

    let report: MetricsReport;
    let symbols;
    try {
      const codes = readMatrix(codesPath);
      const factorMatrix = readMatrix(factorsPath);
      checkCodes(codesPath, codes);
      const { z, factors } = toFactors(factorsPath, factorMatrix);
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
      report = computeAllMetrics(input, { seed });
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

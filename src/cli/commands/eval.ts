import { parse } from '../args.js';
import { errorLine, UsageError, type Command } from '../command.js';
import { evaluateFolder } from '../../experiments/evaluate-folder.js';
import { runFolderArg } from '../run-folder-arg.js';
import { evalText } from '../eval-text.js';
import { DCI_PRESETS, type DciPreset } from '../../metrics/dci-presets.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a trained run (accuracy, transfer, every metric)',
  help: [
    'Usage: wtanet eval RUN [--dci PRESET] [--json]',
    '',
    'RUN is a run folder made by `wtanet train --out RUN` or `wtanet reproduce` (DIR/runs/<id>).',
    'Loads its checkpoint (a grid run interrupted mid-training is finished first; a `train` run is',
    'evaluated as it stands), evaluates it on the test split, writes eval.json, symbols.json and',
    'the test codes and factors as codes.npy / factors.npy (for `wtanet score`), and prints:',
    '',
    '  1. the factor × group NMI table (rows: factors, columns: groups), each factor\'s matched',
    '     group marked [ ], its structure (its own group, whose winning units detect its values)',
    '     and precision (its NMI), and for each factor that fails, why;',
    '  2. task accuracy (train, IID test, held-out combinations);',
    '  3. code structure (factorial, best-group NMI, symbolicity, active units, InfoM/C/E, MIG,',
    '     modularity, DCI at group and unit level);',
    '  4. transfer: few-shot (k = 1, 5, 20 per class) and zero-shot formulas.',
    '',
    'Random draws of the metrics (the few-shot samples and the halves they come from, the DCI',
    "forests) use the run's seed; `wtanet score RUN` uses the same seed by default, so both print",
    'the same numbers for the same codes. Definitions: docs/metrics.md.',
    '',
    'Options:',
    "  --dci P  how DCI is computed: 'wtanet' (default) or 'disentanglement_lib' (comparable with",
    '           the DCI tables published from that library; see `wtanet score --help`, docs/metrics.md).',
    '           eval.json records the preset; the report says which',
    '  --json   print the evaluation as JSON (eval.json: scalars, factorGroupNMI as factors × groups,',
    '           factorMatching with structure and precision per factor)',
    '',
    'Examples:',
    '  wtanet eval runs/wta1',
    '  wtanet eval report/runs/main_entangled_wta_linear-head_s1',
    '  wtanet eval report/runs/main_entangled_wta_linear-head_s1 --json > wta.json',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' }, dci: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one run folder');
    const dciPreset = (values.dci as string | undefined) ?? 'wtanet';
    if (!DCI_PRESETS.includes(dciPreset as DciPreset)) throw new UsageError(`--dci must be one of ${DCI_PRESETS.join(', ')}, got '${dciPreset}'`);
    const { spec, evaluation, epoch, epochs } = await evaluateFolder(runFolderArg(positionals[0], 'eval'), { onNotice: (line) => console.error(errorLine(line)), dciPreset });
    if (values.json) console.log(JSON.stringify(evaluation, null, 2));
    else console.log(evalText({ ...evaluation, id: spec.id }, { epoch, epochs }));
    return 0;
  },
};

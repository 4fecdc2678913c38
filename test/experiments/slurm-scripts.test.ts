// Issue 22, item 6: the Slurm scripts take any folder and any wtanet command. Run here with
// stand-ins for sbatch and wtanet (the real cluster is test/scale-out, run by CI).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const scripts = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scripts', 'slurm');
const root = mkdtempSync(join(tmpdir(), 'wtanet slurm %j '));
after(() => rmSync(root, { recursive: true, force: true }));

/** An executable shell script at `path` that appends its arguments, one per line, to `log`. */
function recorder(path: string, log: string, print = ''): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/bash\nprintf '%s\\n' "$@" >> '${log}'\nprintf '%s\\n' --- >> '${log}'\n${print}\n`);
  chmodSync(path, 0o755);
}

describe('scripts/slurm', () => {
  it('submit.sh writes a literal % of the output folder as %% in sbatch --output', () => {
    const bin = join(root, 'bin');
    const log = join(root, 'sbatch.log');
    recorder(join(bin, 'sbatch'), log, 'echo 42');
    const out = join(root, 'out%x');
    const r = spawnSync('bash', [join(scripts, 'submit.sh'), '2', out, '--quick'], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    assert.equal(r.status, 0, r.stderr);
    const outputs = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('--output='));
    assert.equal(outputs.length, 2);
    const escaped = out.replaceAll('%', '%%');
    assert.deepEqual(outputs, [`--output=${escaped}/logs/shard-%a.log`, `--output=${escaped}/logs/merge.log`]);
  });

  it('reproduce-array.sbatch and merge.sbatch run a WTANET whose path holds a space', () => {
    const log = join(root, 'wtanet.log');
    const wtanet = join(root, 'my tools', 'wtanet');
    recorder(wtanet, log);
    const out = join(root, 'grid');
    const env = { ...process.env, WTANET: wtanet, SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2', SLURM_JOB_ID: '7' };
    const r = spawnSync('bash', [join(scripts, 'reproduce-array.sbatch'), out, '--quick'], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    const args = readFileSync(log, 'utf8').split('\n');
    assert.deepEqual(args.slice(0, args.indexOf('---')), ['reproduce', '--study', 'main', '--shard', '1/2', '--out', `${out}/shard-1`, '--workers', '1', '--quick']);
    for (const i of [0, 1]) {
      mkdirSync(join(out, `shard-${i}`), { recursive: true });
      writeFileSync(join(out, `shard-${i}`, 'results.json'), '{}');
    }
    const m = spawnSync('bash', [join(scripts, 'merge.sbatch'), out, '2'], { encoding: 'utf8', env });
    assert.equal(m.status, 0, m.stderr);
    assert.match(readFileSync(log, 'utf8'), new RegExp(`report\\n${out}/shard-0\\n${out}/shard-1\\n--out\\n${out}/report\\n---`));
  });

  it('a WTANET command line with arguments is still split at spaces', () => {
    // A folder without spaces: a command line is split at every space.
    const plain = mkdtempSync(join(tmpdir(), 'wtanet-slurm-'));
    after(() => rmSync(plain, { recursive: true, force: true }));
    const log = join(plain, 'split.log');
    const tool = join(plain, 'tool');
    recorder(tool, log);
    const env = { ...process.env, WTANET: `${tool} --flag`, SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '1', SLURM_JOB_ID: '8' };
    const r = spawnSync('bash', [join(scripts, 'reproduce-array.sbatch'), join(plain, 'g2')], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(log, 'utf8').split('\n')[0], '--flag');
  });
});

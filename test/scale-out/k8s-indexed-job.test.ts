/**
 * The Kubernetes Indexed Job of docs/scaling-out.md (scripts/kubernetes/reproduce-indexed-job.yaml),
 * checked without a cluster: against the Kubernetes API's models (k8s-validate.py, with Debian's
 * python3-kubernetes: unknown fields, wrong types, missing required fields), then each of the n
 * pods' command lines is run through `sh -c` as the pod would, with JOB_COMPLETION_INDEX set and
 * a stand-in `npx` that records what wtanet would be called with. Skipped with one line where
 * python3-kubernetes cannot be had (not root, no apt), except under CI=true.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const manifest = join(root, 'scripts', 'kubernetes', 'reproduce-indexed-job.yaml');
const validator = join(root, 'test', 'scale-out', 'k8s-validate.py');
// CI must run it: there (CI=true, or WTANET_REQUIRE_TOOLS=1 as .ci/run sets) a skip is a failure.
const onCi = process.env.CI === 'true' || process.env.CI === '1' || process.env.WTANET_REQUIRE_TOOLS === '1';

/** A python3 that has the kubernetes client and PyYAML (installed with apt as root if missing). */
function findPython(): { python?: string; why?: string } {
  const ok = (py: string) => spawnSync(py, ['-c', 'import kubernetes, yaml'], { stdio: 'ignore' }).status === 0;
  for (const py of ['/usr/bin/python3', 'python3']) if (ok(py)) return { python: py };
  if (process.getuid?.() !== 0) return { why: 'python3-kubernetes is not installed and this test is not root' };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'python3-kubernetes', 'python3-yaml']]) {
    const r = spawnSync('apt-get', args, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) return { why: `apt-get ${args[0]} failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}` };
  }
  return ok('/usr/bin/python3') ? { python: '/usr/bin/python3' } : { why: 'python3-kubernetes installed but not importable' };
}

const { python, why } = findPython();

test('the Kubernetes Indexed Job: valid for the API, and pod i runs shard i of n', { skip: why && !onCi ? `Kubernetes manifest check skipped: ${why}` : false }, () => {
  assert.ok(python, `CI must run the Kubernetes manifest check, but ${why}`);
  const v = spawnSync(python, [validator, manifest], { encoding: 'utf8' });
  assert.equal(v.status, 0, `the manifest does not fit the Kubernetes API:\n${v.stdout}${v.stderr}`);
  const job = JSON.parse(v.stdout);

  // Indexed Job semantics the recipe relies on.
  assert.equal(job.spec.completionMode, 'Indexed');
  const n: number = job.spec.completions;
  assert.ok(Number.isInteger(n) && n >= 1);
  assert.ok(job.spec.parallelism >= 1 && job.spec.parallelism <= n);
  assert.ok(['OnFailure', 'Never'].includes(job.spec.template.spec.restartPolicy), 'a Job\'s pods need restartPolicy OnFailure or Never');
  const [container] = job.spec.template.spec.containers;
  assert.ok(container.image, 'the container has no image');
  const volumes = new Set(job.spec.template.spec.volumes.map((x: { name: string }) => x.name));
  for (const m of container.volumeMounts) assert.ok(volumes.has(m.name), `volumeMount ${m.name} names no volume`);
  assert.deepEqual(container.command, ['sh', '-c']);
  assert.equal(container.args.length, 1);

  // Every pod's command line, as its shell runs it, with a stand-in npx that records its arguments.
  const dir = mkdtempSync(join(tmpdir(), 'wtanet-k8s-'));
  try {
    const calls = join(dir, 'calls.jsonl');
    writeFileSync(join(dir, 'npx'), `#!/bin/sh\nnode -e 'require("fs").appendFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)) + "\\n")' ${JSON.stringify(calls)} "$@"\n`);
    chmodSync(join(dir, 'npx'), 0o755);
    for (let i = 0; i < n; i++) {
      const r = spawnSync('sh', ['-c', container.args[0]], { env: { ...process.env, JOB_COMPLETION_INDEX: String(i), PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    const argvs: string[][] = readFileSync(calls, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(argvs.length, n);
    const outs = new Set<string>();
    argvs.forEach((argv, i) => {
      assert.deepEqual(argv.slice(0, 3), ['--no-install', 'wtanet', 'reproduce']);
      const flag = (name: string) => argv[argv.indexOf(name) + 1];
      assert.equal(flag('--shard'), `${i}/${n}`, `pod ${i} runs shard ${flag('--shard')}, not ${i}/${n} (completions and the shard count must agree)`);
      assert.ok(argv.includes('--study') && flag('--study') === 'main', '--shard needs --study main');
      assert.equal(flag('--workers'), '1', 'one worker per requested core');
      outs.add(flag('--out'));
    });
    assert.equal(outs.size, n, 'each pod needs its own --out folder');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The doc shows this very manifest.
  const doc = readFileSync(join(root, 'docs', 'scaling-out.md'), 'utf8');
  const body = readFileSync(manifest, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n').trim();
  assert.ok(doc.includes(body), 'docs/scaling-out.md does not show scripts/kubernetes/reproduce-indexed-job.yaml as it is');
});

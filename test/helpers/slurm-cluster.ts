/**
 * A throw-away one-node Slurm cluster for test/scale-out/slurm-array.test.ts: munged, slurmctld and slurmd
 * started as root in the foreground (children of this process, so their pids are known), with
 * their keys, state, spool and logs in one temporary folder. Every process the cluster starts
 * (daemons, slurmstepd, job scripts, wtanet) carries WTANET_SLURM_TEST=<that folder> in its
 * environment, which is how stop() finds the leftovers of killed jobs: by pid, never by name.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const DAEMONS = ['munged', 'slurmctld', 'slurmd'] as const;
const CLIENTS = ['sbatch', 'scontrol', 'squeue', 'scancel', 'sinfo'] as const;
const PACKAGES = ['slurmctld', 'slurmd', 'slurm-client', 'munge'];

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function missingCommands(): string[] {
  return [...DAEMONS, ...CLIENTS].filter((c) => !onPath(c));
}

/**
 * Finds Slurm, or installs it with apt when running as root. Returns why it cannot be had, or
 * undefined when it is ready.
 */
export function ensureSlurm(): string | undefined {
  if (process.platform !== 'linux') return `Slurm needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'slurmd must run as root and this test is not root';
  if (missingCommands().length === 0) return undefined;
  if (!onPath('apt-get')) return `Slurm is not installed (${missingCommands().join(', ')} missing) and there is no apt-get`;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...PACKAGES]]) {
    const r = spawnSync('apt-get', args, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) return `apt-get ${args[0]} failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}`;
  }
  const still = missingCommands();
  return still.length === 0 ? undefined : `after apt-get install, still missing: ${still.join(', ')}`;
}

/** A TCP port nobody listens on right now (the kernel picks it). */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value (not undefined); fails naming `what` after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined, ms: number, diagnose?: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${diagnose ? `\n${diagnose()}` : ''}`);
    await sleep(100);
  }
}

export class SlurmCluster {
  readonly dir: string;
  readonly conf: string;
  readonly host = hostname();
  readonly env: NodeJS.ProcessEnv;
  private readonly children = new Map<string, ChildProcess>();

  private constructor(dir: string) {
    this.dir = dir;
    this.conf = join(dir, 'slurm.conf');
    this.env = { ...process.env, SLURM_CONF: this.conf, WTANET_SLURM_TEST: dir };
  }

  /** Starts munged, slurmctld and slurmd; resolves once the node is idle. */
  static async start(): Promise<SlurmCluster> {
    const c = new SlurmCluster(mkdtempSync(join(tmpdir(), 'wtanet-slurm-')));
    try {
      await c.boot();
    } catch (e) {
      await c.stop();
      throw e;
    }
    return c;
  }

  private async boot(): Promise<void> {
    const d = this.dir;
    chmodSync(d, 0o755); // munged wants the path to its socket traversable by everyone
    for (const sub of ['state', 'spool', 'log', 'munge-socket']) mkdirSync(join(d, sub), { mode: 0o755 });
    mkdirSync(join(d, 'munge-key'), { mode: 0o700 });
    writeFileSync(join(d, 'munge-key', 'munge.key'), new Uint8Array(randomBytes(1024)), { mode: 0o400 });
    const socket = join(d, 'munge-socket', 'munge.socket');
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    writeFileSync(this.conf, [
      'ClusterName=wtanettest',
      `SlurmctldHost=${this.host}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      // cred_expire also delays a requeued job's restart (default 120 s).
      `AuthInfo=socket=${socket},cred_expire=5`,
      `StateSaveLocation=${d}/state`,
      `SlurmdSpoolDir=${d}/spool`,
      `SlurmctldPidFile=${d}/slurmctld.pid`,
      `SlurmdPidFile=${d}/slurmd.pid`,
      `SlurmctldLogFile=${d}/log/slurmctld.log`,
      `SlurmdLogFile=${d}/log/slurmd.log`,
      'ProctrackType=proctrack/linuxproc', // no cgroups needed (containers)
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'SwitchType=switch/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU_Memory',
      'ReturnToService=2',
      'MinJobAge=600',
      `NodeName=${this.host} NodeAddr=127.0.0.1 CPUs=2 RealMemory=4000 State=UNKNOWN`,
      `PartitionName=test Nodes=${this.host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'));
    this.spawnDaemon('munged', ['--foreground', '--force', `--socket=${socket}`, `--key-file=${d}/munge-key/munge.key`,
      `--log-file=${d}/log/munged.log`, `--pid-file=${d}/munge-socket/munged.pid`, `--seed-file=${d}/munge-key/seed`]);
    await waitFor('munged to create its socket', () => (existsSync(socket) ? true : undefined), 15_000, () => this.logTail('munged.log'));
    this.spawnDaemon('slurmctld', ['-D', '-c', '-f', this.conf]);
    await waitFor('slurmctld to answer', () => (spawnSync('scontrol', ['ping'], { env: this.env, encoding: 'utf8' }).stdout?.includes('UP') ? true : undefined),
      30_000, () => this.logTail('slurmctld.log'));
    this.spawnDaemon('slurmd', ['-D', '-f', this.conf]);
    await waitFor('the node to be idle', () => (this.sh('sinfo', ['-h', '-N', '-o', '%T']).trim() === 'idle' ? true : undefined),
      30_000, () => this.logTail('slurmd.log'));
  }

  private spawnDaemon(name: string, args: string[]): void {
    const p = spawn(name, args, { env: this.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
    p.on('exit', (code, sig) => {
      if (this.children.get(name) === p) {
        this.children.delete(name);
        if (!this.stopping) this.deaths.push(`${name} exited (${sig ?? code}): ${err.trim().split('\n').slice(-3).join(' | ')}`);
      }
    });
    this.children.set(name, p);
  }

  private stopping = false;
  /** Daemons that died on their own (each one line); a test fails on any. */
  readonly deaths: string[] = [];

  /** Runs a Slurm client command with this cluster's configuration; returns stdout. */
  sh(cmd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): string {
    return execFileSync(cmd, args, { env: { ...this.env, ...extraEnv }, encoding: 'utf8', cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The state of one job (e.g. "123" or "120_2"), as squeue names it (RUNNING, COMPLETED, ...). */
  state(job: string): string {
    return this.sh('squeue', ['-h', '-t', 'all', '-j', job, '-o', '%T']).trim();
  }

  /** The job id Slurm gives one array element (what scontrol listpids wants). */
  elementJobId(job: string): string {
    const m = /JobId=(\d+)/.exec(this.sh('scontrol', ['show', 'job', job]));
    if (!m) throw new Error(`no job id for ${job}`);
    return m[1];
  }

  /** The processes of a running job's batch step: [pid, localId] (localId 0 is the job script). */
  jobPids(jobId: string): { pid: number; local: string }[] {
    return this.sh('scontrol', ['listpids', jobId]).trim().split('\n').slice(1)
      .map((l) => l.trim().split(/\s+/))
      .map((f) => ({ pid: Number(f[0]), local: f[3] }));
  }

  /** The queue and the tail of the daemons' logs, for a failure message. */
  diagnose(): string {
    let q = '';
    try { q = this.sh('squeue', ['-t', 'all', '-o', '%.12i %.10T %.20r %.10M']); } catch (e) { q = String(e); }
    return `${q}\n${this.logTail('slurmctld.log')}\n${this.logTail('slurmd.log')}`;
  }

  logTail(name: string): string {
    try {
      return `--- ${name}\n${readFileSync(join(this.dir, 'log', name), 'utf8').split('\n').filter((l) => !/debug/.test(l)).slice(-15).join('\n')}`;
    } catch {
      return `--- ${name}: none`;
    }
  }

  /** Pids of every process that carries this cluster's marker (daemons, steps, jobs), except this one. */
  private markedPids(): number[] {
    const marker = `WTANET_SLURM_TEST=${this.dir}`;
    const pids: number[] = [];
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
      try {
        if (readFileSync(`/proc/${e}/environ`, 'latin1').split('\0').includes(marker)) pids.push(Number(e));
      } catch { /* gone, or not ours to read */ }
    }
    return pids;
  }

  /** Stops every process this cluster started (by pid: TERM, then KILL) and removes its folder. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const name of ['slurmd', 'slurmctld', 'munged']) this.children.get(name)?.kill('SIGTERM');
    const end = Date.now() + 10_000;
    while (this.children.size > 0 && Date.now() < end) await sleep(100);
    for (const p of this.children.values()) p.kill('SIGKILL');
    // Leftovers of killed jobs (a frozen or orphaned wtanet, a job script, a slurmstepd).
    for (let round = 0; round < 3; round++) {
      const left = this.markedPids();
      if (left.length === 0) break;
      for (const pid of left) {
        try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
      }
      await sleep(200);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

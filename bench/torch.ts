// PyTorch as a comparator: bench/train_torch.py in a child python3, asked for ms per training
// step over a line protocol so its measurements interleave with the other sides'. Used only
// where a python can import torch (pythonCandidates); never installed by the bench.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface TorchSide {
  version: string;
  /** Wall-clock ms per training step of `workload` with `threads` intra-op threads, in a few samples. */
  msPerStep(workload: string, threads: number): Promise<number[]>;
  close(): void;
}

/**
 * Pythons tried, in order: $WTANET_PYTHON, the python3 on PATH, then the system's (a version
 * manager's python3 on PATH often lacks torch where the distribution's package has it, e.g.
 * Debian's python3-torch in /usr/bin).
 */
function pythonCandidates(): string[] {
  const env = process.env.WTANET_PYTHON;
  return [...new Set([...(env ? [env] : []), 'python3', '/usr/bin/python3'])];
}

/** null and the reason when no candidate python can import torch. */
export async function startTorch(): Promise<{ side: TorchSide | null; reason?: string }> {
  const tried: string[] = [];
  let python: string | null = null;
  for (const candidate of pythonCandidates()) {
    const probe = spawnSync(candidate, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.error !== undefined) tried.push(`${candidate}: not found`);
    else if (probe.status !== 0) tried.push(`${candidate}: cannot import torch`);
    else {
      python = candidate;
      break;
    }
  }
  if (python === null) return { side: null, reason: `${tried.join('; ')} (set WTANET_PYTHON to a python with torch)` };
  const script = fileURLToPath(new URL('../../bench/train_torch.py', import.meta.url));
  const child: ChildProcessWithoutNullStreams = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const r = await lines.next();
    if (r.done) throw new Error(`train_torch.py exited: ${stderr.trim().split('\n').pop() ?? ''}`);
    return JSON.parse(r.value);
  };
  const hello = await next();
  return {
    side: {
      version: String(hello.torch),
      async msPerStep(workload, threads) {
        child.stdin.write(`${workload} ${threads}\n`);
        const m = await next();
        if (!Array.isArray(m.samples)) throw new Error(`train_torch.py: ${String(m.error)}`);
        return m.samples as number[];
      },
      close: () => { child.stdin.end(); },
    },
  };
}

// PyTorch as a comparator: bench/train_torch.py in a child python3, asked for ms per training
// step over a line protocol so its measurements interleave with the other sides'. Used only
// where `python3 -c 'import torch'` works; never installed by the bench.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface TorchSide {
  version: string;
  /** Wall-clock ms per training step of `workload` with `threads` intra-op threads, in a few samples. */
  msPerStep(workload: string, threads: number): Promise<number[]>;
  close(): void;
}

/** null and the reason when python3 cannot import torch. */
export async function startTorch(): Promise<{ side: TorchSide | null; reason?: string }> {
  const probe = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error !== undefined) return { side: null, reason: `python3 not found (${(probe.error as NodeJS.ErrnoException).code})` };
  if (probe.status !== 0) return { side: null, reason: 'python3 cannot import torch' };
  const script = fileURLToPath(new URL('../../bench/train_torch.py', import.meta.url));
  const child: ChildProcessWithoutNullStreams = spawn('python3', [script], { stdio: ['pipe', 'pipe', 'pipe'] });
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

// PyTorch as a comparator: bench/train_torch.py in a child python3, asked for ms per training
// step over a line protocol so its measurements interleave with the other sides'. Used only
// where a python can import torch (pythonCandidates); never installed by the bench.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface TorchSide {
  version: string;
  /** The allocator this python runs with (see torchAllocators). */
  allocator: string;
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

/** A way to run PyTorch's allocations: glibc as is, or a preloaded allocator with its settings. */
export interface TorchAllocator { name: string; env: Record<string, string> }

/** The shared library `name` as the dynamic linker knows it (ldconfig -p), or null. */
function sharedLibrary(name: string): string | null {
  const out = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  const line = (out.stdout ?? '').split('\n').find((l) => l.trim().startsWith(name + ' '));
  return line === undefined ? null : line.slice(line.lastIndexOf('=>') + 2).trim();
}

/**
 * The allocators PyTorch's CPU performance guide recommends over glibc's default (jemalloc,
 * tcmalloc), those installed here, plus glibc with the thresholds raised so freed blocks are
 * kept instead of returned to the system after every step. The bench measures each and
 * compares against the fastest: a ratio against a slower configuration would flatter wtanet.
 */
export function torchAllocators(): TorchAllocator[] {
  const list: TorchAllocator[] = [
    { name: 'glibc', env: {} },
    { name: 'glibc-tuned', env: { GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=17179869184' } },
  ];
  const jemalloc = sharedLibrary('libjemalloc.so.2');
  // Settings from PyTorch's CPU tuning guide: keep freed pages around, purge in the background.
  if (jemalloc !== null) list.push({ name: 'jemalloc', env: { LD_PRELOAD: jemalloc, MALLOC_CONF: 'oversize_threshold:1,background_thread:true,metadata_thp:auto,dirty_decay_ms:9000000000,muzzy_decay_ms:9000000000' } });
  const tcmalloc = sharedLibrary('libtcmalloc.so.4') ?? sharedLibrary('libtcmalloc_minimal.so.4');
  if (tcmalloc !== null) list.push({ name: 'tcmalloc', env: { LD_PRELOAD: tcmalloc } });
  return list;
}

/** null and the reason when no candidate python can import torch. */
export async function startTorch(allocator: TorchAllocator = { name: 'glibc', env: {} }): Promise<{ side: TorchSide | null; reason?: string }> {
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
  const child: ChildProcessWithoutNullStreams = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...allocator.env } });
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
      allocator: allocator.name,
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

/**
 * Starts PyTorch once per allocator and measures every workload at 1 and 2 threads (fastest of
 * 10 samples each). `forWorkload(w)` is the side whose best thread count is fastest on w, so
 * each workload is compared against PyTorch as fast as it ran here; `probe` keeps every figure.
 */
export async function fastestTorch(workloadNames: string[]): Promise<{
  forWorkload: (w: string) => TorchSide | null; reason?: string; probe: Record<string, Record<string, number>>; close: () => void;
}> {
  const probe: Record<string, Record<string, number>> = {};
  const sides: TorchSide[] = [];
  let reason: string | undefined;
  for (const allocator of torchAllocators()) {
    const t = await startTorch(allocator);
    if (t.side === null) {
      reason = t.reason;
      // No python with torch at all: the other allocators would fail the same way.
      if (allocator.name === 'glibc') break;
      continue;
    }
    try {
      const row: Record<string, number> = {};
      for (const w of workloadNames) {
        for (const threads of [1, 2]) {
          const ms = [...(await t.side.msPerStep(w, threads)), ...(await t.side.msPerStep(w, threads))];
          row[`${w}@${threads}`] = Math.min(...ms);
        }
      }
      probe[allocator.name] = row;
      sides.push(t.side);
    } catch (e) {
      console.log(`pytorch with ${allocator.name}: ${(e as Error).message}`);
      t.side.close();
    }
  }
  const bestMs = (s: TorchSide, w: string) => Math.min(probe[s.allocator][`${w}@1`], probe[s.allocator][`${w}@2`]);
  return {
    forWorkload: (w) => (sides.length === 0 ? null : sides.reduce((a, b) => (bestMs(b, w) < bestMs(a, w) ? b : a))),
    reason,
    probe,
    close: () => sides.forEach((s) => s.close()),
  };
}

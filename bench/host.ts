// What the host's CPU offers, recorded beside speed figures: a 128-bit wasm kernel competes
// with native code that may use 256-bit (AVX2) or 512-bit (AVX-512) vectors.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface HostSimd { cpu: string; level: 'AVX-512' | 'AVX2' | 'AVX' | 'SSE' | 'unknown'; fma: boolean }

export function hostSimd(): HostSimd {
  const cpu = cpus()[0]?.model ?? 'unknown';
  let flags: Set<string>;
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    flags = new Set((line ?? '').split(':')[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return { cpu, level: 'unknown', fma: false };
  }
  const level = flags.has('avx512f') ? 'AVX-512' : flags.has('avx2') ? 'AVX2' : flags.has('avx') ? 'AVX' : flags.size > 0 ? 'SSE' : 'unknown';
  return { cpu, level, fma: flags.has('fma') };
}

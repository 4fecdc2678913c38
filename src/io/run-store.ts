/**
 * Node-only file access for the reproduction suite's output folder:
 *   DIR/runs/<run id>/{config.json, metrics.jsonl, checkpoint.safetensors, symbols.json, eval.json}
 *   DIR/{results.json, report.md, figures/*.svg}
 * eval.json is written last (atomically), so its presence marks a finished run.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../base/check.js';
import { FileReadError, LIMITS, readTextBounded } from './read-bounded.js';

export function runDir(outDir: string, id: string): string {
  return join(outDir, 'runs', id);
}

/**
 * A JSON file of a run folder: a regular file of at most `maxBytes` (see read-bounded.ts), nested
 * at most MAX_JSON_DEPTH deep (wtanet writes a handful of levels; deeper is refused before
 * parsing, so nothing that later walks the value can overflow the stack).
 */
export function readJson<T>(path: string, maxBytes: number = LIMITS.json): T {
  let text: string;
  try {
    text = readTextBounded(path, maxBytes);
  } catch (e) {
    throw e instanceof FileReadError ? new Error(e.message) : e;
  }
  if (jsonTooDeep(text, MAX_JSON_DEPTH)) {
    throw new Error(`wtanet: ${path} is nested deeper than ${MAX_JSON_DEPTH} levels, which wtanet never writes; delete the file to recompute it`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`wtanet: ${path} is not valid JSON (${(e as Error).message}); delete the file to recompute it`);
  }
}

/** JSON with a trailing newline, written atomically. */
export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

export function writeText(path: string, text: string): void {
  writeFileAtomic(path, text);
}

export function fileExists(path: string): boolean {
  return existsSync(path);
}

/**
 * Finished run folders under `dir`: accepts a reproduction output folder (DIR/runs/*),
 * a folder of runs, or a single run folder. Sorted by path.
 */
export function findFinishedRuns(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`wtanet: ${dir} is not a folder`);
  if (existsSync(join(dir, 'eval.json'))) return [dir];
  const base = existsSync(join(dir, 'runs')) ? join(dir, 'runs') : dir;
  return readdirSync(base)
    .sort()
    .map((name) => join(base, name))
    .filter((p) => existsSync(join(p, 'eval.json')));
}

// Finds the external programs that some tests drive (a Chromium, deno, bun, workerd).
// None of them is a dependency: a fresh clone on a machine without them (and without root)
// must still pass `npm test`, so a test whose program is absent is skipped with one line
// saying what is missing and how to get it. CI sets WTANET_REQUIRE_TOOLS=1 (.ci/run), and
// there a missing program fails the test instead: a skipped browser test must not look green.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url)); // dist/test/helpers → repo root

/** Where `.ci/run` installs the npm-shipped runtimes (deno, bun, workerd): outside node_modules. */
export const TOOLS_DIR = join(root, '.tools');

export type Found = { path: string } | { missing: string };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/**
 * Looks for a program: the env variable `envName` if set (only there — this is also how a test
 * run hides a program: point it at a missing path), else the names on PATH, else `.tools/` and
 * node_modules' .bin folders.
 */
export function findProgram(envName: string, names: string[], hint: string): Found {
  const forced = process.env[envName];
  if (forced !== undefined && forced !== '') {
    return executable(forced) ? { path: forced } : { missing: `${envName}=${forced} is not an executable file` };
  }
  for (const name of names) {
    const hit = onPath(name);
    if (hit !== null) return { path: hit };
  }
  for (const dir of [join(TOOLS_DIR, 'node_modules', '.bin'), join(root, 'node_modules', '.bin')]) {
    for (const name of names) {
      if (executable(join(dir, name))) return { path: join(dir, name) };
    }
  }
  return { missing: `no ${names[0]} found: ${hint}, or set ${envName} to its path` };
}

/**
 * A Chromium for the browser tests: $WTANET_CHROMIUM, a system chromium / chrome on PATH, or the
 * one Playwright installed in its own cache. Nothing is downloaded.
 */
export async function findChromium(): Promise<Found> {
  const found = findProgram('WTANET_CHROMIUM', ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
    'Debian: apt-get install chromium (any Chromium or Chrome binary works)');
  if ('path' in found || process.env.WTANET_CHROMIUM) return found;
  try {
    const { chromium } = await import('playwright-core');
    const cached = chromium.executablePath();
    if (existsSync(cached)) return { path: cached };
  } catch {
    // playwright-core knows no browser for this platform: keep the first answer
  }
  return found;
}

/**
 * The `skip` option for node:test: false when the program is there; else the one line the
 * runner prints next to the skipped test. Under WTANET_REQUIRE_TOOLS=1 it is false too, and
 * the test's `pathOf` fails it with the same line.
 */
export function skipUnless(found: Found, what: string): false | string {
  if ('path' in found || process.env.WTANET_REQUIRE_TOOLS === '1') return false;
  return `${what}: ${found.missing}`;
}

/** The program's path; throws (failing the test) when it is missing. */
export function pathOf(found: Found): string {
  if ('path' in found) return found.path;
  throw new Error(`${found.missing} — WTANET_REQUIRE_TOOLS=1 (CI) requires it`);
}

// A throw-away HTTP server for the browser tests: test pages at fixed paths, and the files
// under dist/ (nothing else) on 127.0.0.1 at a free port.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const distDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'); // dist/
const MIME: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.html': 'text/html' };

/** Chromium flags the browser tests share: headless, no network chatter. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestPage {
  html: string;
  headers?: Record<string, string>;
}

/** Serves `pages` by path and dist/ files under /dist/ (each with `fileHeaders`). */
export function serveDist(pages: Record<string, TestPage>, fileHeaders: Record<string, string> = {}): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const page = Object.hasOwn(pages, path) ? pages[path] : undefined;
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html', ...page.headers }).end(page.html);
      return;
    }
    const file = resolve(distDir, '.' + path.replace(/^\/dist\//, '/'));
    if (!path.startsWith('/dist/') || !file.startsWith(distDir + sep)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', ...fileHeaders }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

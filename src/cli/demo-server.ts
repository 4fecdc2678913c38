/**
 * The static server behind `wtanet demo`: serves the package's demo/ page and the browser-safe
 * library it imports (dist/src/), nothing else, on a local address. The files need no server
 * logic: any static host serving the package folder works the same. Its responses make the page
 * cross-origin isolated (COOP/COEP), which lets a training Worker use several threads; a host
 * without those headers gets one thread per run, with the same bits.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: dist/src/cli/ → ../../../ */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVED = ['demo', 'dist/src'];

/** Cross-origin isolation (SharedArrayBuffer, so intra-run threads): everything here is same-origin. */
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png',
};

export interface DemoServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function startDemoServer(options: { port?: number; host?: string; root?: string } = {}): Promise<DemoServer> {
  const root = resolve(options.root ?? PACKAGE_ROOT);
  const allowed = SERVED.map((d) => resolve(root, d) + sep);
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path === '/' || path === '/demo') {
      res.writeHead(302, { location: '/demo/' }).end();
      return;
    }
    const file = resolve(root, '.' + (path.endsWith('/') ? path + 'index.html' : path));
    if (!allowed.some((dir) => file.startsWith(dir))) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...ISOLATION }).end(body),
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n'),
    );
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      ok({ url: `http://${host}:${port}/demo/`, server, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/**
 * The static server behind `wtanet demo`: serves the package's demo/ page and the browser-safe
 * library it imports (dist/src/), nothing else, on a local address. The files need no server
 * logic: any static host serving the package folder works the same. Its responses make the page
 * cross-origin isolated (COOP/COEP), which lets a training Worker use several threads; a host
 * without those headers gets one thread per run, with the same bits.
 */
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: dist/src/cli/ → ../../../ */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVED = ['demo', 'dist/src'];

/**
 * Headers of every response (200, 302, 404, 405, …). Cross-origin isolation (COOP/COEP:
 * SharedArrayBuffer, so intra-run threads; everything here is same-origin); no MIME sniffing;
 * a content security policy allowing only this origin's scripts, workers and WebAssembly.
 */
export const DEMO_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/** Largest file served (the demo's files and the library are a few MB at most). */
const MAX_FILE = 64 * 1024 * 1024;

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

/** Whether `host` (an address or name to listen on) is a loopback one: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

/** Whether `host` listens on every interface (0.0.0.0, ::) rather than one address. */
export function isWildcard(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0';
}

/**
 * A Host header naming this machine: localhost (or *.localhost), 127.x.x.x or [::1], with any
 * port. A page of another site that rebinds its DNS name to 127.0.0.1 sends its own name, and is
 * refused.
 */
export function isLocalHostHeader(header: string | undefined): boolean {
  if (header === undefined) return false;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  return m !== null && isLoopback(m[1]);
}

function send(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...DEMO_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function startDemoServer(options: { port?: number; host?: string; root?: string } = {}): Promise<DemoServer> {
  const root = resolve(options.root ?? PACKAGE_ROOT);
  const host = options.host ?? '127.0.0.1';
  const checkHost = isLoopback(host);
  // The real folders served (symlinks resolved once); a file is served only if its real path is inside one.
  const allowedReal = Promise.all(SERVED.map((d) => realpath(resolve(root, d)).then((p) => p + sep, () => null)));
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
    if (checkHost && !isLocalHostHeader(req.headers.host)) return send(res, 421, 'this server answers only requests addressed to localhost\n');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return send(res, 400, 'bad request\n');
    }
    if (path.includes('\0')) return send(res, 400, 'bad request\n');
    if (path === '/' || path === '/demo') return send(res, 302, '', { location: '/demo/' });
    const file = resolve(root, '.' + (path.endsWith('/') ? path + 'index.html' : path));
    const notFound = () => send(res, 404, 'not found\n');
    if (!SERVED.some((d) => file.startsWith(resolve(root, d) + sep))) return notFound();
    let real: string;
    try {
      real = await realpath(file);
    } catch {
      return notFound();
    }
    // A symlink inside demo/ pointing out of it (to /, say) is not followed.
    if (!(await allowedReal).some((dir) => dir !== null && real.startsWith(dir))) return notFound();
    let body: Buffer;
    try {
      // Only regular files; opened without blocking, so a FIFO swapped in meanwhile is not waited on.
      if (!(await stat(real)).isFile()) return notFound();
      const fh = await open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(() => null);
      if (fh === null) return notFound();
      try {
        const st = await fh.stat();
        if (!st.isFile() || st.size > MAX_FILE) return notFound();
        body = await fh.readFile();
      } finally {
        await fh.close();
      }
    } catch {
      return notFound();
    }
    res.writeHead(200, { ...DEMO_HEADERS, 'content-type': MIME[extname(real)] ?? 'application/octet-stream', 'content-length': String(body.length), 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  // A client holding a half-sent request open is cut off after a few seconds (and at close at once).
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      const { address, port } = server.address() as AddressInfo;
      const shown = address.includes(':') ? `[${address}]` : address;
      ok({
        url: `http://${shown}:${port}/demo/`,
        server,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            // Keep-alive and half-sent requests would hold close() open: end them now.
            server.closeAllConnections();
          }),
      });
    });
  });
}

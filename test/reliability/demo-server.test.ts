// Issue 22, item 4: the demo server as an attacker sees it. It serves only regular files inside
// demo/ and dist/src/ (no symlink out, no FIFO), answers only GET and HEAD, accepts only local
// Host names when bound to loopback (DNS rebinding), sends nosniff, a CSP and COOP/COEP on every
// response, warns when bound to every interface, and stops at once on Ctrl-C even while a client
// holds a half-sent request.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startDemoServer, type DemoServer } from '../../src/cli/demo-server.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const root = mkdtempSync(join(tmpdir(), 'wtanet-demo-'));
let demo: DemoServer;
let port = 0;

before(async () => {
  mkdirSync(join(root, 'demo'));
  mkdirSync(join(root, 'dist', 'src'), { recursive: true });
  writeFileSync(join(root, 'demo', 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
  symlinkSync('/', join(root, 'demo', 'root'));
  symlinkSync(join(root, 'secret.txt'), join(root, 'demo', 'secret.txt'));
  symlinkSync(join(root, 'demo', 'index.html'), join(root, 'demo', 'inside.html')); // stays inside: served
  spawnSync('mkfifo', [join(root, 'demo', 'fifo.js')]);
  demo = await startDemoServer({ root, port: 0 });
  port = Number(new URL(demo.url).port);
});
after(async () => {
  await demo.close();
  rmSync(root, { recursive: true, force: true });
});

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }
function get(path: string, o: { method?: string; host?: string } = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: { host: o.host ?? `127.0.0.1:${port}` }, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${path}`)));
    req.on('error', fail);
    req.end();
  });
}

function assertHardened(r: Reply, what: string): void {
  assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin', what);
  assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp', what);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', what);
  assert.match(String(r.headers['content-security-policy']), /default-src 'self'/, what);
}

describe('demo server: what is served', () => {
  it('serves the page, with COOP/COEP, nosniff and a CSP', async () => {
    const r = await get('/demo/');
    assert.equal(r.status, 200);
    assert.match(r.body, /<title>demo<\/title>/);
    assertHardened(r, '200');
    assert.equal((await get('/demo/inside.html')).status, 200, 'a symlink inside demo/ to a file inside it');
  });

  it('symlinks out of demo/ are not followed (a link to / does not serve /etc/passwd)', async () => {
    for (const path of ['/demo/root/etc/passwd', '/demo/root/etc/hostname', '/demo/secret.txt', '/demo/root/']) {
      const r = await get(path);
      assert.equal(r.status, 404, path);
      assert.ok(!r.body.includes('root:') && !r.body.includes('SECRET'), path);
      assertHardened(r, `404 ${path}`);
    }
  });

  it('traversal names stay inside', async () => {
    for (const path of ['/demo/../secret.txt', '/demo/%2e%2e/secret.txt', '/demo/..%2fsecret.txt', '/dist/src/../../secret.txt', '/demo/%00', '/%2e%2e/%2e%2e/etc/passwd']) {
      const r = await get(path);
      assert.ok(r.status === 404 || r.status === 400, `${path}: ${r.status}`);
      assert.ok(!r.body.includes('SECRET') && !r.body.includes('root:'), path);
    }
  });

  it('a FIFO inside demo/ is refused at once, not waited on', { skip: process.platform === 'win32' }, async () => {
    const t0 = Date.now();
    const r = await get('/demo/fifo.js');
    assert.equal(r.status, 404);
    assert.ok(Date.now() - t0 < 3000);
  });

  it('the redirect carries the headers too', async () => {
    const r = await get('/');
    assert.equal(r.status, 302);
    assert.equal(r.headers.location, '/demo/');
    assertHardened(r, '302');
  });
});

describe('demo server: methods and Host', () => {
  it('POST, PUT, DELETE, OPTIONS, TRACE, PATCH get 405 with Allow; HEAD works', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH']) {
      const r = await get('/demo/', { method });
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.allow, 'GET, HEAD', method);
      assert.ok(!r.body.includes('<title>'), method);
      assertHardened(r, method);
    }
    const h = await get('/demo/', { method: 'HEAD' });
    assert.equal(h.status, 200);
    assert.equal(h.body, '');
  });

  it('bound to 127.0.0.1, a rebinding Host header is refused; local names are accepted', async () => {
    for (const host of ['evil.example', 'evil.example:80', `attacker.com:${port}`, '127.0.0.1.evil.com', 'localhost.evil.com', '0.0.0.0', '[::2]']) {
      const r = await get('/demo/', { host });
      assert.ok(r.status === 421 || (host === '' && r.status === 400), `Host: ${host} → ${r.status}`);
      assert.ok(!r.body.includes('<title>'), host);
    }
    for (const host of [`localhost:${port}`, 'localhost', `127.0.0.1:${port}`, `127.0.0.2:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      assert.equal((await get('/demo/', { host })).status, 200, host);
    }
  });
});

describe('demo server: the command', () => {
  it('--host 0.0.0.0 warns in one line; Ctrl-C stops at once while a client holds a half-sent request', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [main, 'demo', '--port', '0', '--host', '0.0.0.0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const url = await new Promise<string>((ok, fail) => {
      const t = setInterval(() => {
        const m = /http:\/\/\S+/.exec(out);
        if (m) { clearInterval(t); ok(m[0]); }
      }, 50);
      child.on('exit', () => { clearInterval(t); fail(new Error(`exited: ${err}`)); });
    });
    assert.match(err, /^wtanet demo: warning: listening on every network interface/);
    assert.equal(err.trim().split('\n').length, 1);
    const childPort = Number(new URL(url).port);
    // A client that sends half a request and then holds the connection.
    const sock = connect(childPort, '127.0.0.1');
    await new Promise<void>((ok) => sock.on('connect', () => ok()));
    sock.write('GET /demo/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    sock.on('error', () => {});
    await new Promise((ok) => setTimeout(ok, 300));
    const t0 = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((ok) => child.on('exit', (c) => ok(c)));
    const took = Date.now() - t0;
    sock.destroy();
    assert.equal(code, 0);
    assert.ok(took < 3000, `Ctrl-C took ${took} ms`);
  });
});

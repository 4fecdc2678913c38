import { intFlag, parse } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { isLoopback, isWildcard, startDemoServer } from '../demo-server.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'serve the live demo page locally: train in the browser, watch the code become symbolic',
  help: [
    'Usage: wtanet demo [--port N] [--host ADDR]',
    '',
    'Serves the demo page (the package\'s demo/ folder and the library it imports) on a local',
    'address and prints its URL; open it in a browser. Pick a dataset, bottleneck variant and',
    'shape, and tasks; training runs in a Web Worker, with loss and accuracy curves, the NMI',
    'heatmap and the symbol table updating live, wta and another variant side by side on the',
    'same seed. The checkpoint (.safetensors) and the test codes (.npy) download from the page;',
    'the config it shows gives the same bits with `wtanet train --config`. The files are static:',
    'any static host serving the package folder works too. Ctrl-C stops the server.',
    '',
    'What is served: only the files of demo/ and dist/src/ (the browser-safe library), read-only',
    '(GET and HEAD; symlinks leading out of those folders are not followed). By default the server',
    'listens on 127.0.0.1 and answers only requests addressed to localhost, 127.x.x.x or [::1]',
    '(a web page cannot reach it by rebinding its DNS name). --host with another address makes',
    'it reachable from other machines on that network, with a warning.',
    '',
    'Options:',
    '  --port N      port to listen on (default 8080; 0 picks a free one)',
    '  --host ADDR   address to listen on (default 127.0.0.1)',
    '',
    'Examples:',
    '  wtanet demo',
    '  wtanet demo --port 0',
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parse(argv, { port: { type: 'string' }, host: { type: 'string' } }, true);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const port = intFlag('port', values.port as string | undefined, 0, 65535) ?? 8080;
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    let demo;
    try {
      demo = await startDemoServer({ port, host });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; pick another with --port N (0 picks a free one)`);
      throw e;
    }
    if (!isLoopback(host)) {
      console.error(`wtanet demo: warning: listening on ${isWildcard(host) ? 'every network interface' : host} (--host ${host}): other machines that can reach this one can open the demo; the default, 127.0.0.1, is this machine only`);
    }
    console.log(`wtanet demo: ${demo.url}  (Ctrl-C to stop)`);
    await new Promise<void>((done) => {
      const stop = () => demo.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

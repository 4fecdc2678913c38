// A node:test reporter that writes, once every test has reported, the list of skipped tests
// (and todo tests) with their reasons: `npm test` ends with it (scripts/run-tests.mjs). Node's
// own reporters only count them ("# skipped 7").
import { relative } from 'node:path';

/** dist/test/x/y.test.js → test/x/y.test.ts (the file a reader opens). */
function sourceFile(file) {
  if (!file) return '?';
  const rel = relative(process.cwd(), file).split('\\').join('/');
  return rel.replace(/^dist\/test\//, 'test/').replace(/\.js$/, '.ts');
}

export default async function* skippedReporter(source) {
  const path = new Map(); // file → names of the enclosing suites by nesting level
  const skipped = [];
  const todo = [];
  for await (const event of source) {
    const d = event.data;
    if (event.type === 'test:start') {
      const stack = path.get(d.file) ?? [];
      stack.length = d.nesting;
      stack.push(d.name);
      path.set(d.file, stack);
    } else if ((event.type === 'test:pass' || event.type === 'test:fail') && (d.skip !== undefined || d.todo !== undefined)) {
      const suites = (path.get(d.file) ?? []).slice(0, d.nesting);
      const entry = { file: sourceFile(d.file), name: [...suites, d.name].join(' › '), reason: d.skip ?? d.todo };
      (d.skip !== undefined ? skipped : todo).push(entry);
    }
  }
  const lines = (title, list) => {
    if (list.length === 0) return `# ${title}: none\n`;
    const out = [`# ${title} (${list.length}):`];
    for (const e of list) out.push(`#   ${e.file}: ${e.name}${typeof e.reason === 'string' && e.reason ? ` — ${e.reason}` : ' — (no reason given)'}`);
    return out.join('\n') + '\n';
  };
  yield lines('skipped tests', skipped);
  if (todo.length > 0) yield lines('todo tests', todo);
}

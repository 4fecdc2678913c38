import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseRunConfig } from '../../src/train/config.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

describe('examples/', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  it('holds one valid config per dataset, each listed in the README', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    const datasets = new Set<string>();
    for (const f of files) {
      const c = parseRunConfig(readFileSync(join(dir, f), 'utf8'), f);
      datasets.add(c.data.dataset);
      assert.ok(readme.includes(`\`${f}\``), `${f} has no README line`);
    }
    assert.deepEqual([...datasets].sort(), ['dsprites', 'entangled', 'file', 'onehot', 'shapes']);
  });
});

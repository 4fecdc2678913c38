// `npm run bench [-- filter…]`: runs every registered bench module whose name contains one
// of the filters (all when none). Each module prints its tables and writes bench/results/.
import { abBench } from './ab.js';
import { convBench } from './conv.js';
import { dciBench } from './dci.js';
import { filedataBench } from './filedata.js';
import { gemmBench } from './gemm.js';
import { profileBench } from './profile.js';
import { profileThreadsBench } from './profile-threads.js';
import { scoreBench } from './score.js';
import { trainBench } from './train.js';
import { wtaBench } from './wta.js';

export interface BenchModule {
  name: string;
  run(): Promise<void>;
}

/** Add a bench module with one line here. */
const registry: BenchModule[] = [
  gemmBench,
  trainBench,
  wtaBench,
  convBench,
  scoreBench,
  filedataBench,
  profileBench,
  profileThreadsBench,
  dciBench,
  abBench,
];

const filters = process.argv.slice(2);
const unknown = filters.filter((f) => !registry.some((b) => b.name.includes(f)));
if (unknown.length > 0) {
  console.error(`bench: no bench module matches ${unknown.map((f) => `'${f}'`).join(', ')}; available: ${registry.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
for (const bench of registry) {
  if (filters.length > 0 && !filters.some((f) => bench.name.includes(f))) continue;
  console.log(`\n=== bench: ${bench.name} ===`);
  await bench.run();
}

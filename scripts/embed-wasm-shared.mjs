// Embeds build/wtanet-shared.wasm (the shared-memory build for intra-run threads) as base64,
// with the memory limits its imported memory must have (from asconfig.json, the one source of
// them). The threads code imports it dynamically, so programs that never start threads never load it.
import { readFileSync } from 'node:fs';
import { embedWasm } from './embed-wasm-module.mjs';

const target = JSON.parse(readFileSync(new URL('../asconfig.json', import.meta.url), 'utf8')).targets.shared;
embedWasm({
  wasm: 'build/wtanet-shared.wasm',
  out: 'src/kernels/threads/wasm-shared-bytes.ts',
  name: 'SHARED_WASM_BASE64',
  script: 'scripts/embed-wasm-shared.mjs',
  extra: [`export const SHARED_INITIAL_PAGES = ${target.initialMemory};`, `export const SHARED_MAXIMUM_PAGES = ${target.maximumMemory};`],
});

// Embeds build/gbt.wasm (the gradient-boosted trees' stage loops, assembly/gbt.ts) as base64:
// src/metrics/gbt-wasm.ts compiles it on first use.
import { embedWasm } from './embed-wasm-module.mjs';

embedWasm({ wasm: 'build/gbt.wasm', out: 'src/metrics/gbt-wasm-bytes.ts', name: 'GBT_WASM_BASE64', script: 'scripts/embed-wasm-gbt.mjs' });

// Embeds build/wtanet.wasm (the training kernels) as base64 in src/kernels/wasm-bytes.ts.
import { embedWasm } from './embed-wasm-module.mjs';

embedWasm({ wasm: 'build/wtanet.wasm', out: 'src/kernels/wasm-bytes.ts', name: 'WASM_BASE64', script: 'scripts/embed-wasm.mjs' });

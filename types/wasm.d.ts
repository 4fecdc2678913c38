// Types of 'wtanet/wasm': build/wtanet.wasm, the kernels' WebAssembly module. Runtimes that
// forbid compiling wasm from bytes (Cloudflare Workers, Vercel Edge) hand such an import to the
// code as a compiled WebAssembly.Module: pass it to initWasm() before any other wtanet call.
// Typed `object` (what initWasm takes) so that projects without DOM or Node types can use it.
declare const wasm: object;
export default wasm;

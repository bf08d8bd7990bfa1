// Preloaded into a benchmarked server process (node --expose-gc --import): SIGWINCH (ignored by default, unused by the server) runs a full garbage
// collection, so that memory read afterwards is what the server keeps, not the garbage a run left
// behind (bench/load.ts). Bench only: the server itself never collects on demand.
process.on('SIGWINCH', () => globalThis.gc?.());

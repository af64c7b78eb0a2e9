// The AssemblyScript builds of the kernels and how each is compiled: wasm/build.mjs embeds the four
// shipped ones; `namesake bench` (cli/bench/breakdown.ts) compiles a profiled one in memory.
//   threads  shared imported memory + atomics, for the kernels that use a helper thread
//   single   unshared imported memory, for platforms without SharedArrayBuffer
//   threadsFma, singleFma  the same with relaxed SIMD (fused multiply-add), where the platform has it
// PROFILE (wasm/profile.ts) is 0 in the shipped builds; 1 times the phases, 2 also skips the products.
import asc from 'assemblyscript/asc';

const here = new URL('./', import.meta.url);

// 16384 pages = 1 GiB: the most a threaded (shared) memory may grow to.
export const MAX_PAGES = 16384;

const common = ['--runtime', 'stub', '-O3', '--noAssert', '--importMemory', ...(process.env.WASM_DEBUG ? ['--debug'] : [])];
const shared = ['--sharedMemory', '--initialMemory', '1', '--maximumMemory', String(MAX_PAGES)];
export const VARIANTS = {
  threads: ['threads.ts', '--enable', 'simd,threads', ...shared],
  single: ['single.ts', '--enable', 'simd'],
  threadsFma: ['threads.ts', '--enable', 'simd,threads,relaxed-simd', ...shared],
  singleFma: ['single.ts', '--enable', 'simd,relaxed-simd'],
};

/** The binary of one variant, compiled with PROFILE = profile. */
export async function compileVariant(name, profile = 0) {
  const [entry, ...flags] = VARIANTS[name];
  let binary = null;
  const { error, stderr } = await asc.main(
    [new URL(entry, here).pathname, ...flags, ...common, '--use', `PROFILE=${profile}`, '-o', `${name}.wasm`],
    { writeFile: (file, contents) => void (file.endsWith('.wasm') && (binary = contents)) },
  );
  if (error) {
    process.stderr.write(stderr.toString());
    throw new Error(`asc failed for the ${name} build: ${error.message}`);
  }
  return binary;
}

import { build, type Plugin } from 'esbuild';
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Bundles the plugin's core for the Go backend (pkg/plugin/core.js, embedded with go:embed): the same
 * src/ files the browser runs, with `src/grafanaData.ts`, the core's one seam to @grafana/data,
 * replaced by `src/backend/grafanaDataForHost.ts`. Anything else reaching for a package fails the build.
 */
const ROOT = path.resolve(__dirname, '../..');
export const CORE_BUNDLE = path.join(ROOT, 'pkg/plugin/core.js');

const hostSeam: Plugin = {
  name: 'host-seam',
  setup(b) {
    b.onResolve({ filter: /\/grafanaData$/ }, () => ({ path: path.join(ROOT, 'src/backend/grafanaDataForHost.ts') }));
    b.onResolve({ filter: /^[^./]/ }, (args) => ({
      errors: [{ text: `${args.path}: the core runs without packages in the Go backend; use src/grafanaData.ts` }],
    }));
  },
};

export async function bundleCore(outfile = CORE_BUNDLE): Promise<void> {
  const result = await build({
    write: false,
    entryPoints: [path.join(ROOT, 'src/backend/bundleEntry.ts')],
    bundle: true,
    outfile,
    format: 'iife',
    // What grafana/sobek runs: ES2020 with async functions, BigInt and optional chaining.
    target: 'es2020',
    platform: 'neutral',
    plugins: [hostSeam],
    logLevel: 'warning',
    legalComments: 'none',
  });
  // Written whole, then renamed: two engine tests bundle at once, and a go build must never embed
  // a half-written file.
  const partial = `${outfile}.${process.pid}.tmp`;
  writeFileSync(partial, result.outputFiles[0].contents);
  renameSync(partial, outfile);
}

if (require.main === module) {
  bundleCore().catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}

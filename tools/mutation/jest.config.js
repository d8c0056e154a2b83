// The jest project Stryker runs (stryker.config.mjs): jest.config.js's unit project, over the core's
// own tests only. Its own file, so that Stryker's jest runner sees no other project.
const { buildSync } = require('esbuild');
const { existsSync, mkdirSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { projects } = require('../../jest.config.js');
const { CORE_DIRS } = require('./coreDirs.js');

const ROOT = path.resolve(__dirname, '../..');
const unit = projects.find((project) => project.displayName === 'unit');

// Jest loads @grafana/data's thousands of modules anew for every test file of every mutant's run,
// about 2 s each time. The same package bundled into one file loads in a fraction of that; the
// bundle is named by the package's version, so an upgrade builds a new one.
const { version } = require('@grafana/data/package.json');
const grafanaData = path.join(ROOT, 'artifacts', 'mutation', `grafana-data-${version}.cjs`);
if (!existsSync(grafanaData)) {
  const [bundle] = buildSync({
    stdin: { contents: "module.exports = require('@grafana/data');", resolveDir: ROOT },
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    write: false,
    outfile: grafanaData,
    // papaparse's Node stream support is never reached in a browser bundle.
    external: ['react', 'react-dom', 'stream'],
    logLevel: 'error',
  }).outputFiles;
  // Stryker's test runner processes load this file at once: each writes its own copy, then renames.
  mkdirSync(path.dirname(grafanaData), { recursive: true });
  writeFileSync(`${grafanaData}.${process.pid}`, bundle.contents);
  renameSync(`${grafanaData}.${process.pid}`, grafanaData);
}

module.exports = {
  ...unit,
  displayName: undefined,
  rootDir: ROOT,
  // Only src/ is crawled for each mutant's run: the rest of the tree costs seconds per run.
  roots: ['<rootDir>/src'],
  testMatch: CORE_DIRS.map((dir) => `<rootDir>/src/${dir}/**/*.test.ts`),
  moduleNameMapper: { ...unit.moduleNameMapper, '^@grafana/data$': grafanaData },
  // The core's tests render nothing: jest.setup.ts's DOM matchers and stubs are for the editors.
  setupFilesAfterEnv: [],
};

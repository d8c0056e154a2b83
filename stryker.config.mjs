// Mutation testing of the core (`npm run mutation`, tools/mutation/run.ts): Stryker mutates the
// modules that build searches and shape frames and runs their unit tests only, the engine and
// browser tests left out. Not part of `npm test`: a full run takes minutes on two cores.
import coreDirs from './tools/mutation/coreDirs.js';

const { CORE_DIRS } = coreDirs;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  mutate: [`src/{${CORE_DIRS.join(',')}}/**/*.ts`, '!src/**/*.test.ts'],
  jest: {
    projectType: 'custom',
    configFile: 'tools/mutation/jest.config.js',
  },
  coverageAnalysis: 'perTest',
  // The sandbox copy needs the sources, the tests' fixtures and setup, not the build or the engine.
  ignorePatterns: ['/dist', '/engine', '/tests/hosts', '/.venv', '/artifacts', '/coverage', '/helpers/python', '/docs'],
  reporters: ['progress', 'json', 'html'],
  jsonReporter: { fileName: 'artifacts/mutation/mutation.json' },
  htmlReporter: { fileName: 'artifacts/mutation/mutation.html' },
  tempDirName: 'artifacts/mutation/.stryker-tmp',
  concurrency: 2,
  timeoutMS: 10000,
  // tools/mutation/run.ts applies the per-file threshold, with the equivalent mutants below left out.
  thresholds: { high: 95, low: 90, break: null },
};

/**
 * Mutants that no test can kill because the mutated code behaves the same: each names its file,
 * Stryker's mutator, the original code of the mutated span, its replacement, and why it is
 * equivalent. tools/mutation/run.ts leaves them out of the score, and fails when one no longer
 * matches exactly one surviving mutant (the code changed, or a test now kills it).
 * @type {Array<{ file: string; mutator: string; original: string; replacement: string; reason: string }>}
 */
export const equivalentMutants = [];

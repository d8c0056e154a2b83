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
export const equivalentMutants = [
  {
    file: 'src/response/sourceFields.ts',
    mutator: 'EqualityOperator',
    original: 'k < n - 1',
    replacement: 'k <= n - 1',
    reason:
      'The extra step k = n - 1 reads the whole-key lookup just made and known to be undefined, and reading undefined gives undefined.',
  },
  {
    file: 'src/links/dataLinks.ts',
    mutator: 'ArrayDeclaration',
    original: '[]',
    replacement: '["Stryker was here"]',
    reason:
      'Reached only when links is undefined; a string element has no field, so it is reported as unnamed and filtered out: [] either way.',
  },
  {
    file: 'src/query/adHocFilters.ts',
    mutator: 'ArrayDeclaration',
    original: '[]',
    replacement: '["Stryker was here"]',
    reason:
      "suggestionFilters' fallback: a string element's operator is undefined, never an ad hoc operator, so the result is [] as for [].",
  },
  {
    file: 'src/query/adHocFilters.ts',
    mutator: 'ArrayDeclaration',
    original: '[]',
    replacement: '["Stryker was here"]',
    reason: "adHocFilterClauses' fallback: a string element has no key, which is skipped, so the clauses stay [].",
  },
  {
    file: 'src/query/queryFilters.ts',
    mutator: 'StringLiteral',
    original: "''",
    replacement: '"Stryker was here!"',
    reason: "queryHasFilter without a filter: a conjunct with no ':' never equals a clause, which always has ':\"'.",
  },
  {
    file: 'src/query/queryFilters.ts',
    mutator: 'ArrayDeclaration',
    original: '[]',
    replacement: '["Stryker was here"]',
    reason: "withAdHocFilters' fallback: a string element has no key, so it gives no clause and is skipped.",
  },
  {
    file: 'src/query/variableQuery.ts',
    mutator: 'StringLiteral',
    original: "''",
    replacement: '"Stryker was here!"',
    reason:
      "variableQueryFromText without text: the fallback has no '|', no field: and no service or level prefix, so it reads as sessions as '' does.",
  },
  {
    file: 'src/response/toLogsFrame.ts',
    mutator: 'ConditionalExpression',
    original: '!start',
    replacement: 'true',
    reason: "A per-response cache of each session's start: decoding the id again on every line gives the same start.",
  },
  {
    file: 'src/response/toLogsFrame.ts',
    mutator: 'ConditionalExpression',
    original: '!reader',
    replacement: 'true',
    reason:
      'A per-response cache of detail field readers: compiling the same path again gives a reader that reads the same.',
  },
];

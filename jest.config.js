// Jest the way @grafana/create-plugin projects run it: SWC transform, jsdom for the editors.
// Two projects: `unit` (pure modules, editors, datasource with Grafana's runtime mocked) and
// `engine` (the request path against a real embedded OpenSearch, started by globalSetup).
const swc = [
  '@swc/jest',
  {
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
      transform: { react: { runtime: 'classic' } },
      target: 'es2022',
    },
  },
];

// ES-module-only packages that @grafana/* pull in must be transformed too.
const esModules = [
  '@wojtekmaj/date-utils',
  'mimic-function',
  'memoize',
  'get-user-locale',
  'react-colorful',
  'rxjs',
  'd3',
  'd3-[a-z-]+',
  'internmap',
  'ol',
  'react-calendar',
  'uuid',
  'marked',
  'lodash-es',
  'nanoid',
  '@kusto',
  'ngx-.*',
  'monaco-promql',
];
const transformIgnorePatterns = [`node_modules/(?!(${esModules.join('|')})/)`];

const shared = {
  transform: { '^.+\\.(m?[tj]sx?|cjs)$': swc },
  transformIgnorePatterns,
  moduleNameMapper: {
    '\\.(css|scss|sass)$': 'identity-obj-proxy',
    // As create-plugin's jest config: icons render at once instead of fetching their SVG.
    '^react-inlinesvg$': '<rootDir>/tests/mocks/reactInlineSvg.tsx',
  },
  setupFiles: ['<rootDir>/tests/quietLibraries.ts'],
  // The Grafana hosts' own node_modules (tests/hosts) are not this project's modules.
  modulePathIgnorePatterns: ['<rootDir>/tests/hosts/'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testEnvironment: 'jsdom',
      setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
      testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'],
    },
    {
      ...shared,
      displayName: 'tools',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tools/**/*.test.ts'],
    },
    {
      ...shared,
      // The tagging helpers users put in their apps and backends (browser, Node), and the log shipper.
      displayName: 'helpers',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/helpers/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'engine',
      testEnvironment: '<rootDir>/tests/engine/environment.js',
      // Node's package entry points: the tools that write fixtures run on Node, not in a browser.
      testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
      testMatch: ['<rootDir>/tests/engine/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/engine/globalSetup.ts',
      globalTeardown: '<rootDir>/tests/engine/globalTeardown.ts',
      setupFilesAfterEnv: ['<rootDir>/jest.setup.ts', '<rootDir>/tests/engine/setupEach.ts'],
    },
    {
      ...shared,
      displayName: 'browser',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/browser/globalSetup.ts',
      globalTeardown: '<rootDir>/tests/browser/globalTeardown.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/engine/setupEach.ts'],
    },
  ],
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/tests/summaryReporter.js'],
};

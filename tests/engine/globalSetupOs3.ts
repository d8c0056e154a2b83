// The engine-os3 project's globalSetup: globalSetup.ts under a path of its own, because Jest runs
// each globalSetup module once for all projects naming it (with the first such project's config).
export { default } from './globalSetup';

// The engine-os3 project's globalTeardown (a path of its own: see globalSetupOs3.ts).
export { default } from './globalTeardown';

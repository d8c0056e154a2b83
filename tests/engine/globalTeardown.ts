import type { RunningEngine } from '../../tools/engine/embeddedEngine';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __SRE_ENGINE__?: RunningEngine }).__SRE_ENGINE__?.stop();
}

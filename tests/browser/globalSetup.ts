import '../../tools/node/browserGlobals';
import { startEngine } from '../../tools/engine/embeddedEngine';
import { buildPreview } from '../../tools/preview/build';
import { HOSTS } from '../../tools/preview/hosts';
import { summarizeProvisionedDemo } from '../../tools/preview/demoSummary';
import { startPreview, type Preview } from '../../tools/preview/server';
import { setupCluster } from '../../tools/setup/setupCluster';
import { DEMO_LINES, DEMO_SEED, PREVIEW_SUITES } from './demo';

/**
 * Builds dist/ (when stale) and the preview page once per Grafana host, starts one engine with demo
 * data, and preview servers (each with its own saved data source): one per host for the host
 * matrix, and one per host for the preview tests, which change their settings. No test stops the
 * shared engine, so the files may run in any order.
 */
export default async function globalSetup(): Promise<void> {
  buildPreview(HOSTS);
  const engine = await startEngine({ heapMb: 768 });
  const endMs = Date.now();
  await setupCluster({
    url: engine.url,
    indexPattern: 'logs-sessionreplay-*',
    replicas: 0,
    demo: { index: 'logs-sessionreplay-demo', lines: DEMO_LINES, endMs, seed: DEMO_SEED },
  });
  // The error-group summary the provisioned data source reads, as `npm start` writes it.
  await summarizeProvisionedDemo(engine.url, { sinceMs: 8 * 24 * 3600_000, latenessMs: 0 });
  const previews: Preview[] = [];
  const urls: Record<string, Record<string, string>> = {};
  for (const suite of PREVIEW_SUITES) {
    urls[suite] = {};
    for (const host of HOSTS) {
      const preview = await startPreview({ engineUrl: engine.url, host });
      previews.push(preview);
      urls[suite][host.line] = preview.url;
    }
  }
  Object.assign(globalThis, { __SRE_BROWSER__: { engine, previews } });
  process.env.SRE_PREVIEW_URLS = JSON.stringify(urls);
  process.env.SRE_DEMO_END_MS = String(endMs);
  // The engine itself: the previews' data sources may point elsewhere while a test changes them (not
  // SRE_ENGINE_URL, the engine suite's: globalSetups share one process environment).
  process.env.SRE_BROWSER_ENGINE_URL = engine.url;
}

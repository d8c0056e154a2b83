import '../node/browserGlobals';
import { Command } from 'commander';
import { startEngine, stopOnSignals, type RunningEngine } from '../engine/embeddedEngine';
import { demoSessions } from '../setup/demoLogs';
import { setupCluster } from '../setup/setupCluster';
import { DAY_MS } from '../../src/durations';
import { ALERTING_PATH } from './alertingPage';
import { buildBackend, startBackendHost } from './backendHost';
import { buildPreview } from './build';
import { shipFreshError } from './freshError';
import { HOSTS, NEWEST_HOST, ensureHostInstalled, hostByLine } from './hosts';
import { summarizeProvisionedDemo } from './demoSummary';
import { startPreview } from './server';

/** `npm start`: build, start the embedded engine with demo data, and serve the preview page. */
const program = new Command()
  .name('start')
  .option('--port <port>', 'preview port', '3001')
  .option('--engine-port <port>', 'embedded engine port (0: any free port)', '9200')
  .option('--lines <n>', 'demo log lines', '20000')
  .option(
    '--grafana <line>',
    `the Grafana line whose packages and React the page runs (${HOSTS.map((h) => h.line).join(', ')})`,
    NEWEST_HOST.line
  )
  .option('--skip-build', 'use the existing dist/, preview build and backend binaries', false)
  .parse();

async function main() {
  const o = program.opts<{ port: string; enginePort: string; lines: string; grafana: string; skipBuild: boolean }>();
  const host = hostByLine(o.grafana);
  if (!o.skipBuild) {
    ensureHostInstalled(host);
    console.log(`Building the plugin (dist/) and the preview page with Grafana ${host.grafana}'s packages...`);
    buildPreview([host]);
    console.log('Building the plugin backend and the stand-in of Grafana that hosts it...');
  }
  const binaries = buildBackend({ reuse: o.skipBuild });
  console.log('Starting the embedded OpenSearch...');
  let engine: RunningEngine;
  try {
    engine = await startEngine({ port: Number(o.enginePort) });
  } catch {
    console.log(`Port ${o.enginePort} is busy: using a free port for the engine.`);
    engine = await startEngine({ port: 0 });
  }
  const endMs = Date.now();
  const lines = Number(o.lines);
  await setupCluster({
    url: engine.url,
    indexPattern: 'logs-sessionreplay-*',
    replicas: 0,
    demo: { index: 'logs-sessionreplay-demo', lines, endMs, seed: 1 },
  });
  // The hourly error-group summary the provisioned data source reads; kept current while it runs.
  const summarize = () => summarizeProvisionedDemo(engine.url, { sinceMs: 2 * DAY_MS, latenessMs: 60_000 });
  const summary = await summarize();
  const resummarize = setInterval(
    () => summarize().catch((e) => console.error(`Summarizer: ${e.message}`)),
    5 * 60_000
  );
  // A new error group in the last minutes, so that the "new error group" alert rule fires.
  const fresh = await shipFreshError({ engineUrl: engine.url, index: 'logs-sessionreplay-fresh', nowMs: Date.now() });
  const preview = await startPreview({
    engineUrl: engine.url,
    host,
    port: Number(o.port),
    // The provisioned data source on the plugin's backend, its replay links on the preview's replay page.
    backend: (previewUrl) =>
      startBackendHost({
        binaries,
        engineUrl: engine.url,
        jsonData: { openReplayUrl: `${previewUrl}/replay`, openReplayProjectId: 'demo' },
      }),
  });
  const sample = demoSessions({ lines, endMs, seed: 1 })
    .slice(-3)
    .map((s) => s.id);
  console.log(`
Session Replay Errors preview: ${preview.url} (Grafana ${host.grafana} packages, React ${host.react})
  dashboards: Session errors overview, Session drill-down, Error groups (provisioning/dashboards)
  data source settings and a query: ${preview.url}/explore
  alert rules (provisioning/alerting) evaluated through the plugin's Go backend: ${preview.url}${ALERTING_PATH}
    a new error (${fresh.lines} lines, ${fresh.sessionIds.length} sessions, group ${fresh.fingerprint}) was just shipped to ${fresh.index}:
    "New error group" fires for it until its lines leave the rule's 15-minute range
  engine: ${engine.url} (OpenSearch, ${lines} demo lines over the last 24 hours)
  error-group summary: ${summary.summaryIndex}, ${summary.documents} group-hours, kept current every 5 minutes
  try these session ids: ${sample.join(', ')}
Ctrl-C stops everything.`);
  stopOnSignals(async () => {
    clearInterval(resummarize);
    await preview.close();
    await engine.stop();
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

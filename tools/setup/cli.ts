import { SingleBar, Presets } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { writeFileSync } from 'node:fs';
import { SetupError } from './adminClient';
import { provisioningYaml } from './grafanaAccess';
import { setupCluster } from './setupCluster';
import { DEFAULT_FIELDS, DEFAULT_INDEX_PATTERN } from './template';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError('expected a whole number');
  }
  return n;
}

const program = new Command()
  .name('setup-cluster')
  .description('Prepare Elasticsearch or OpenSearch for the Session Replay Errors Grafana plugin')
  .option('--url <url>', 'cluster URL', process.env.ES_URL ?? 'http://127.0.0.1:9200')
  .option('--api-key <encoded>', 'API key of the setup user (encoded form)', process.env.ES_API_KEY)
  .option('--user <name>', 'user for basic authentication', process.env.ES_USER)
  .option('--password <password>', 'password for basic authentication', process.env.ES_PASSWORD)
  .option('--insecure', 'skip TLS certificate verification', false)
  .option('--index-pattern <pattern>', 'indices the template applies to and Grafana may read', DEFAULT_INDEX_PATTERN)
  .option('--demo-index <index>', 'index for demo data', 'logs-sessionreplay-demo')
  .option('--demo-lines <n>', 'demo log lines to load (0: none)', positiveInt, 0)
  .option('--seed <n>', 'seed for the demo data', positiveInt, 1)
  .option('--replicas <n>', 'replicas for the indices (0 on a single node)', positiveInt)
  .option('--create-api-key', 'create a least-privilege API key for Grafana (Elasticsearch only)', false)
  .option('--provisioning <file>', 'write the Grafana data source provisioning file here')
  .option('--provisioning-url <url>', 'the cluster URL as Grafana reaches it, if not --url')
  .option('--inline-secret', 'write the created API key into the provisioning file instead of $SRE_API_KEY', false)
  .option('--openreplay-url <url>', 'OpenReplay URL for replay links in the provisioning file')
  .parse();

async function main() {
  const o = program.opts<{
    url: string;
    apiKey?: string;
    user?: string;
    password?: string;
    insecure: boolean;
    indexPattern: string;
    demoIndex: string;
    demoLines: number;
    seed: number;
    replicas?: number;
    createApiKey: boolean;
    provisioning?: string;
    openreplayUrl?: string;
    provisioningUrl?: string;
    inlineSecret: boolean;
  }>();
  const bar = new SingleBar(
    { format: 'Loading demo logs [{bar}] {percentage}% {value}/{total} lines, ETA {eta}s' },
    Presets.shades_classic
  );
  const result = await setupCluster({
    url: o.url,
    auth: { apiKey: o.apiKey, username: o.user, password: o.password, insecure: o.insecure },
    indexPattern: o.indexPattern,
    replicas: o.replicas,
    demo: o.demoLines > 0 ? { index: o.demoIndex, lines: o.demoLines, seed: o.seed } : undefined,
    createApiKey: o.createApiKey,
    onProgress: (event) => {
      switch (event.step) {
        case 'connected':
          console.log(`Connected to ${event.engine} at ${o.url}`);
          break;
        case 'pipeline':
          console.log('Ingest pipeline sessionreplay-session-id is in place');
          break;
        case 'template':
          console.log(`Index template sessionreplay-logs covers ${o.indexPattern}`);
          if (o.demoLines > 0) {
            bar.start(o.demoLines, 0);
          }
          break;
        case 'loading':
          bar.update(event.done);
          break;
        case 'loaded':
          bar.stop();
          console.log(`Loaded ${event.lines} demo lines into ${o.demoIndex}`);
          break;
        case 'apiKey':
          console.log(
            `Created API key ${event.id} for Grafana (read, view_index_metadata on ${o.indexPattern}; monitor)`
          );
          break;
      }
    },
  });
  const yaml = provisioningYaml({
    url: o.provisioningUrl ?? o.url,
    indexPattern: o.indexPattern,
    fields: DEFAULT_FIELDS,
    apiKeyEnv: result.apiKey && !o.inlineSecret ? 'SRE_API_KEY' : undefined,
    apiKeyValue: result.apiKey && o.inlineSecret ? result.apiKey.encoded : undefined,
    openReplayUrl: o.openreplayUrl,
  });
  if (result.apiKey && !o.inlineSecret) {
    console.log(`\nGive Grafana the key through its environment:\n  SRE_API_KEY=${result.apiKey.encoded}\n`);
  }
  if (o.provisioning) {
    writeFileSync(o.provisioning, yaml);
    console.log(`Wrote the data source provisioning file ${o.provisioning}`);
  } else {
    console.log(`Grafana provisioning (provisioning/datasources/session-replay-errors.yaml):\n\n${yaml}`);
  }
}

main().catch((e) => {
  console.error(e instanceof SetupError ? e.message : `Setup failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

import '../node/browserGlobals';
import { SingleBar, Presets } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SetupError } from './adminClient';
import { alertingProvisioningYaml, DEFAULT_ALERTING_OPTIONS } from './alertingRules';
import { provisioningYaml } from './grafanaAccess';
import { redactUrl } from './ownership';
import { writeSecretFile } from './secretFile';
import { backfillFingerprints, DEFAULT_API_KEY_EXPIRATION, setupCluster } from './setupCluster';
import { DEFAULT_FIELDS, DEFAULT_INDEX_PATTERN } from './template';

/** A whole number, 0 included (no demo lines, no replicas). */
function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError('expected a whole number');
  }
  return n;
}

function atLeastOne(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) {
    throw new InvalidArgumentError('expected 1 or more');
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
  .option('--insecure', 'skip TLS certificate verification (test clusters only)', false)
  .option('--ca-cert <file>', 'PEM file of the certificate authority that signed the cluster certificate')
  .option(
    '--template-pattern <pattern>',
    'indices the index template applies to: name them for this data, not a whole family like logs-*',
    DEFAULT_INDEX_PATTERN
  )
  .option('--read-pattern <pattern>', 'indices Grafana may read and search (default: the template pattern)')
  .option('--force', 'overwrite a template or pipeline this tool did not write, and overlapping templates', false)
  .option('--demo-index <index>', 'index for demo data', 'logs-sessionreplay-demo')
  .option('--demo-lines <n>', 'demo log lines to load (0: none); an interrupted load resumes', wholeNumber, 0)
  .option('--seed <n>', 'seed for the demo data', wholeNumber, 1)
  .option('--replicas <n>', 'replicas for the indices (0 on a single node)', wholeNumber)
  .option('--create-api-key', 'create a least-privilege API key for Grafana (Elasticsearch only)', false)
  .option('--api-key-expiration <duration>', 'lifetime of that key, e.g. 30d', DEFAULT_API_KEY_EXPIRATION)
  .option('--invalidate-previous-keys', 'invalidate your earlier keys of the same name once the new one exists', false)
  .option('--secret-file <file>', 'where the created key is written (mode 600)', 'sessionreplay-grafana-api-key')
  .option('--print-secret', 'also print the created key', false)
  .option('--provisioning <file>', 'write the Grafana data source provisioning file here (mode 600)')
  .option('--provisioning-url <url>', 'the cluster URL as Grafana reaches it, if not --url')
  .option('--inline-secret', 'write the created key into the provisioning file instead of $SRE_API_KEY', false)
  .option('--openreplay-url <url>', 'OpenReplay URL for replay links in the provisioning file')
  .option('--user-field <field>', 'keyword field with the user id: error groups count affected users by its hash')
  .option(
    '--alerting <file>',
    'write Grafana alert rules and a notification template for this data source here (README, "Alerting")'
  )
  .option(
    '--alert-sessions <n>',
    'rule "new error group": fire from this many affected sessions within 15 minutes',
    atLeastOne,
    DEFAULT_ALERTING_OPTIONS.sessionsThreshold
  )
  .option(
    '--alert-errors <n>',
    'rule "errors by service": fire above this many error lines of a service in 5 minutes',
    wholeNumber,
    DEFAULT_ALERTING_OPTIONS.errorsThreshold
  )
  .option(
    '--backfill',
    'fingerprint the warning-or-above lines already in --read-pattern (resumable: run again after Ctrl-C)',
    false
  )
  .parse();

interface Options {
  userField?: string;
  url: string;
  apiKey?: string;
  user?: string;
  password?: string;
  insecure: boolean;
  caCert?: string;
  templatePattern: string;
  readPattern?: string;
  force: boolean;
  demoIndex: string;
  demoLines: number;
  seed: number;
  replicas?: number;
  createApiKey: boolean;
  apiKeyExpiration: string;
  invalidatePreviousKeys: boolean;
  secretFile: string;
  printSecret: boolean;
  provisioning?: string;
  openreplayUrl?: string;
  provisioningUrl?: string;
  inlineSecret: boolean;
  alerting?: string;
  alertSessions: number;
  alertErrors: number;
  backfill: boolean;
}

async function main(o: Options) {
  if (o.inlineSecret && !o.provisioning) {
    throw new SetupError(
      '--inline-secret writes the key into the provisioning file: give that file with --provisioning.'
    );
  }
  const readPattern = o.readPattern ?? o.templatePattern;
  const fields = { ...DEFAULT_FIELDS, ...(o.userField ? { user: o.userField } : {}) };
  const bar = new SingleBar(
    { format: 'Loading demo logs [{bar}] {percentage}% {value}/{total} lines, ETA {eta}s' },
    Presets.shades_classic
  );
  const auth = {
    apiKey: o.apiKey,
    username: o.user,
    password: o.password,
    insecure: o.insecure,
    caCert: o.caCert ? readFileSync(o.caCert, 'utf8') : undefined,
  };
  const result = await setupCluster({
    fields,
    url: o.url,
    auth,
    indexPattern: o.templatePattern,
    readPattern,
    force: o.force,
    replicas: o.replicas,
    demo: o.demoLines > 0 ? { index: o.demoIndex, lines: o.demoLines, seed: o.seed } : undefined,
    createApiKey: o.createApiKey,
    apiKeyExpiration: o.apiKeyExpiration,
    invalidatePreviousKeys: o.invalidatePreviousKeys,
    onProgress: (event) => {
      switch (event.step) {
        case 'connected':
          console.log(`Connected to ${event.engine} at ${redactUrl(o.url)}`);
          break;
        case 'forced':
          console.log(`--force: overwriting and taking over: ${event.conflicts.join('; ')}`);
          break;
        case 'pipeline':
          console.log('Ingest pipeline sessionreplay-session-id is in place');
          break;
        case 'template':
          console.log(`Index template sessionreplay-logs covers ${o.templatePattern}`);
          break;
        case 'resuming':
          console.log(`Resuming the interrupted demo load into ${event.index}`);
          break;
        case 'loading':
          if (!bar.isActive) {
            bar.start(event.total, 0);
          }
          bar.update(event.done);
          break;
        case 'loaded':
          bar.stop();
          console.log(
            `Loaded ${event.lines} demo lines into ${o.demoIndex}${event.existing ? ` (${event.existing} were there already)` : ''}`
          );
          break;
        case 'apiKey':
          console.log(
            `Created API key ${event.id} for Grafana, valid ${event.expiration} (read, view_index_metadata on ${readPattern}; monitor)`
          );
          break;
        case 'invalidated':
          console.log(`Invalidated earlier keys: ${event.ids.join(', ')}`);
          break;
      }
    },
  });
  const yaml = provisioningYaml({
    url: o.provisioningUrl ?? o.url,
    indexPattern: readPattern,
    fields,
    apiKeyEnv: result.apiKey && !o.inlineSecret ? 'SRE_API_KEY' : undefined,
    apiKeyValue: result.apiKey && o.inlineSecret ? result.apiKey.encoded : undefined,
    openReplayUrl: o.openreplayUrl,
  });
  if (result.apiKey && !o.inlineSecret) {
    writeSecretFile(o.secretFile, `${result.apiKey.encoded}\n`);
    console.log(
      `\nThe key is in ${o.secretFile} (readable only by you). Give it to Grafana through its environment:\n` +
        `  SRE_API_KEY=$(cat ${o.secretFile})\n`
    );
    if (o.printSecret) {
      console.log(`SRE_API_KEY=${result.apiKey.encoded}\n`);
    }
  }
  if (o.backfill) {
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    process.once('SIGINT', interrupt);
    const backfillBar = new SingleBar(
      { format: 'Fingerprinting existing lines [{bar}] {percentage}% {value}/{total}' },
      Presets.shades_classic
    );
    const done = await backfillFingerprints({
      fields,
      url: o.url,
      auth,
      indexPattern: readPattern,
      signal: controller.signal,
      onProgress: ({ total, processed }) => {
        if (!backfillBar.isActive && total > 0) {
          backfillBar.start(total, 0);
        }
        backfillBar.update(processed);
      },
    });
    backfillBar.stop();
    process.off('SIGINT', interrupt);
    console.log(
      done.cancelled
        ? `Backfill interrupted after ${done.processed} lines: run again with --backfill to continue.`
        : `Fingerprinted ${done.processed} existing lines in ${readPattern}.`
    );
  }
  if (o.alerting) {
    // The rules query the data source the provisioning file above defines, by its uid.
    const dataSourceUid = (parse(yaml) as { datasources: Array<{ uid: string }> }).datasources[0].uid;
    writeFileSync(
      o.alerting,
      alertingProvisioningYaml({ dataSourceUid, sessionsThreshold: o.alertSessions, errorsThreshold: o.alertErrors })
    );
    console.log(
      `Wrote the alert rules and notification template ${o.alerting}: put it in Grafana's provisioning/alerting folder`
    );
  }
  if (o.provisioning) {
    writeSecretFile(o.provisioning, yaml);
    console.log(`Wrote the data source provisioning file ${o.provisioning} (mode 600)`);
  } else {
    console.log(`Grafana provisioning (provisioning/datasources/session-replay-errors.yaml):\n\n${yaml}`);
  }
}

const options = program.opts<Options>();
main(options).catch((e) => {
  const message = e instanceof SetupError ? e.message : `Setup failed: ${e instanceof Error ? e.message : String(e)}`;
  // Whatever failed, credentials given inside --url never reach the terminal.
  console.error(message.split(options.url).join(redactUrl(options.url)));
  process.exit(1);
});

import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { SetupError } from '../setup/adminClient';
import { shipLogs } from './shipLogs';

/**
 * `npm run ship`: a service's output on stdin into the cluster, e.g.
 *   node server.js 2>&1 | npm run -s ship -- --url http://localhost:9200 --index logs-sessionreplay-checkout --service checkout
 * On SIGTERM or Ctrl-C it keeps reading until the input ends (the service has exited) or
 * --drain-timeout passes, ships everything read, and says how much.
 */
const program = new Command()
  .name('ship')
  .requiredOption('--url <url>', 'Elasticsearch or OpenSearch URL')
  .requiredOption('--index <name>', 'index (or data stream) to write to')
  .option('--api-key <encoded>', 'API key (base64 id:key) with write access to the index')
  .option('--user <name>', 'user name (basic auth)')
  .option('--password-file <file>', 'file holding the password (kept out of the process list)')
  .option('--ca-cert <file>', "PEM file of the cluster's certificate authority")
  .option('--insecure', 'skip TLS certificate verification (test clusters only)', false)
  .option('--pipeline <name>', 'ingest pipeline for every line (default: the index’s own)')
  .option('--service <name>', 'service.name for lines that carry none')
  .option('--level <level>', 'level for text lines that name none (e.g. error for stderr)')
  .option(
    '--drain-timeout <seconds>',
    'after SIGTERM/SIGINT, read at most this long before stopping',
    (v) => Number(v),
    10
  )
  .parse();

async function main() {
  const opts = program.opts<{
    url: string;
    index: string;
    apiKey?: string;
    user?: string;
    passwordFile?: string;
    caCert?: string;
    insecure: boolean;
    pipeline?: string;
    service?: string;
    level?: string;
    drainTimeout: number;
  }>();
  const stop = new AbortController();
  const onSignal = () => {
    process.stderr.write(`Stopping: shipping what is read within ${opts.drainTimeout} s...\n`);
    setTimeout(() => stop.abort(), opts.drainTimeout * 1000).unref();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  process.stderr.write(`Shipping stdin to ${opts.index}; SIGTERM or Ctrl-C stops after the input ends\n`);
  const result = await shipLogs({
    url: opts.url,
    index: opts.index,
    auth: {
      apiKey: opts.apiKey,
      username: opts.user,
      password: opts.passwordFile ? readFileSync(opts.passwordFile, 'utf8').trim() : undefined,
      caCert: opts.caCert ? readFileSync(opts.caCert, 'utf8') : undefined,
      insecure: opts.insecure,
    },
    pipeline: opts.pipeline,
    service: opts.service,
    level: opts.level,
    input: process.stdin,
    signal: stop.signal,
  });
  process.stderr.write(
    `Shipped ${result.shipped} of ${result.read} events to ${opts.index}${result.failed ? `; ${result.failed} refused: ${result.firstError}` : ''}\n`
  );
  // Stdin may still be open (stopped by the drain timeout): exit rather than wait for it.
  process.exit(result.failed ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof SetupError || e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

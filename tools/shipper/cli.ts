import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { parseBytes } from './boundedBuffer';
import { DEFAULT_BUFFER_BYTES, shipLogs, type WhenFull } from './shipLogs';
import { notShipped, StatusReporter, summaryLine } from './statusReporter';

/**
 * `npm run ship`: a service's output on stdin into the cluster, e.g.
 *   node server.js 2>&1 | npm run -s ship -- --url http://localhost:9200 --index logs-sessionreplay-checkout --service checkout
 * While the cluster is away it retries with backoff and reads on into a bounded buffer. On SIGTERM
 * or Ctrl-C it keeps reading until the input ends (the service has exited) or --drain-timeout
 * passes, then ships what it holds. It exits 0 only when every event it read was shipped.
 */

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError('a number of seconds (0 or more)');
  }
  return n;
}

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
    '--buffer-bytes <size>',
    'lines read and not yet shipped held at most (e.g. 32mb)',
    (value) => {
      try {
        return parseBytes(value);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    },
    DEFAULT_BUFFER_BYTES
  )
  .addOption(
    new Option('--when-full <policy>', 'when the buffer is full: block the input, or drop the newest lines')
      .choices(['block', 'drop'])
      .default('block')
  )
  .option(
    '--max-retry-time <seconds>',
    'give a batch up after retrying it this long (default: retry indefinitely)',
    seconds
  )
  .option('--drain-timeout <seconds>', 'after SIGTERM/SIGINT, read and retry at most this long', seconds, 10)
  .option('--status-interval <seconds>', 'write a status line this often (0: never)', seconds, 60)
  .option('--request-timeout <seconds>', 'abandon and retry a request without an answer after this long', seconds, 30)
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
    bufferBytes: number;
    whenFull: WhenFull;
    maxRetryTime?: number;
    drainTimeout: number;
    statusInterval: number;
    requestTimeout: number;
  }>();
  const stop = new AbortController();
  const onSignal = () => {
    process.stderr.write(`Stopping: reading and retrying for at most ${opts.drainTimeout} s...\n`);
    setTimeout(() => stop.abort(), opts.drainTimeout * 1000).unref();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const reporter = new StatusReporter();
  let latest: Parameters<StatusReporter['tick']>[0] | undefined;
  const ticker =
    opts.statusInterval > 0
      ? setInterval(() => latest && process.stderr.write(`${reporter.tick(latest)}\n`), opts.statusInterval * 1000)
      : undefined;
  ticker?.unref();
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
    bufferBytes: opts.bufferBytes,
    whenFull: opts.whenFull,
    maxRetryTimeMs: opts.maxRetryTime === undefined ? undefined : opts.maxRetryTime * 1000,
    requestTimeoutMs: opts.requestTimeout * 1000,
    signal: stop.signal,
    onProgress: (counters, outage) => {
      latest = counters;
      for (const line of reporter.update(counters, outage)) {
        process.stderr.write(`${line}\n`);
      }
    },
  });
  clearInterval(ticker);
  process.stderr.write(`${summaryLine(opts.index, result, result)}\n`);
  // Stdin may still be open (stopped by the drain timeout): exit rather than wait for it.
  process.exit(notShipped(result) ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

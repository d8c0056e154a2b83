import '../node/browserGlobals';
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { DEFAULT_SUMMARY_INDEX } from '../../src/query/errorGroupsSummary';
import { lookbackToMs } from '../../src/query/resolveQuery';
import { DEFAULT_SETTINGS, resolveSettings } from '../../src/settings';
import { SetupError } from '../setup/adminClient';
import { redactUrl } from '../setup/ownership';
import { DEFAULT_FIELDS, DEFAULT_INDEX_PATTERN } from '../setup/template';
import { summarizeErrorGroups } from './summarizeErrorGroups';

function duration(value: string): number {
  const ms = lookbackToMs(value);
  if (ms === undefined) {
    throw new InvalidArgumentError('expected a duration such as 7d, 1h or 30s');
  }
  return ms;
}

/**
 * `npm run summarize`: keeps the hourly error-group summary that makes Error groups fast on large
 * indices. Run it once (a cron job), or with --every to keep it current, e.g.
 *   npm run summarize -- --url http://localhost:9200 --every 5m
 */
const program = new Command()
  .name('summarize')
  .description('Write the hourly error-group summary that the Error groups query reads')
  .option('--url <url>', 'cluster URL', process.env.ES_URL ?? 'http://127.0.0.1:9200')
  .option(
    '--api-key <encoded>',
    'API key (encoded form) with read on the lines and write on the summary',
    process.env.ES_API_KEY
  )
  .option('--user <name>', 'user for basic authentication', process.env.ES_USER)
  .option('--password-file <file>', 'file holding the password (or set ES_PASSWORD; never on the command line)')
  .option('--insecure', 'skip TLS certificate verification (test clusters only)', false)
  .option('--ca-cert <file>', 'PEM file of the certificate authority that signed the cluster certificate')
  .option('--index-pattern <pattern>', 'the lines, as the data source reads them', DEFAULT_INDEX_PATTERN)
  .option(
    '--summary-index <name>',
    'the summary index (the data source’s "Error group summary index")',
    DEFAULT_SUMMARY_INDEX
  )
  .option('--time-field <field>', 'time field of the lines', DEFAULT_FIELDS.time)
  .option('--message-field <field>', 'message field of the lines', DEFAULT_FIELDS.message)
  .option('--level-field <field>', 'level field of the lines', DEFAULT_FIELDS.level)
  .option(
    '--session-field <fields>',
    "session id field of the lines; several comma-separated, in the data source's order",
    DEFAULT_FIELDS.session
  )
  .option('--service-field <field>', 'service field of the lines', DEFAULT_FIELDS.service)
  .option('--user-field <field>', 'user field, when the setup tool was given one (--user-field)')
  .option(
    '--since <duration>',
    'how far back the first run reaches: at least the Error groups look-back',
    duration,
    duration('7d')
  )
  .option('--lateness <duration>', 'summarize an hour once it ended this long ago', duration, duration('5m'))
  .option('--every <duration>', 'keep running, summarizing again at this interval')
  .option(
    '--keep <duration>',
    'delete summary hours older than this (longer than the look-back)',
    duration,
    duration('35d')
  )
  .option('--replicas <n>', 'replicas of the summary index (0 on a single node)', (v) => Number(v))
  .parse();

interface Options {
  url: string;
  apiKey?: string;
  user?: string;
  passwordFile?: string;
  insecure: boolean;
  caCert?: string;
  indexPattern: string;
  summaryIndex: string;
  timeField: string;
  messageField: string;
  levelField: string;
  sessionField: string;
  serviceField: string;
  userField?: string;
  since: number;
  lateness: number;
  keep: number;
  every?: string;
  replicas?: number;
}

async function main() {
  const o = program.opts<Options>();
  const everyMs = o.every === undefined ? undefined : duration(o.every);
  const settings = resolveSettings({
    indexPattern: o.indexPattern,
    timeField: o.timeField,
    messageField: o.messageField,
    levelField: o.levelField,
    sessionFields: o.sessionField.split(','),
    serviceField: o.serviceField,
    userField: o.userField,
    messageTags: DEFAULT_SETTINGS.messageTags,
  });
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  for (;;) {
    const bar = new SingleBar(
      { format: 'Summarizing hours [{bar}] {value}/{total} {hourText}' },
      Presets.shades_classic
    );
    const result = await summarizeErrorGroups({
      url: o.url,
      auth: {
        apiKey: o.apiKey,
        username: o.user,
        password: o.passwordFile ? readFileSync(o.passwordFile, 'utf8').trim() : process.env.ES_PASSWORD,
        caCert: o.caCert ? readFileSync(o.caCert, 'utf8') : undefined,
        insecure: o.insecure,
      },
      settings,
      summaryIndex: o.summaryIndex,
      sinceMs: o.since,
      latenessMs: o.lateness,
      keepMs: o.keep,
      replicas: o.replicas,
      signal: stop.signal,
      onProgress: ({ hour, done, total }) => {
        if (!bar.isActive && total > 1 && process.stdout.isTTY) {
          bar.start(total, 0, { hourText: '' });
        }
        bar.update(done, { hourText: new Date(hour).toISOString().slice(0, 13) + 'h' });
      },
    });
    bar.stop();
    console.log(
      `${new Date().toISOString()} ${redactUrl(o.url)}: ${result.hours} hours summarized into ${o.summaryIndex} (${result.documents} group-hours)` +
        (result.throughMs ? `; complete through ${new Date(result.throughMs).toISOString()}` : '') +
        (result.deleted ? `; ${result.deleted} group-hours older than --keep deleted` : '')
    );
    if (result.unhashedLines > 0) {
      console.log(
        `${result.unhashedLines} fingerprinted lines have no session hash (written before the pipeline hashed sessions): run setup-cluster --backfill so that Error groups count their sessions.`
      );
    }
    if (everyMs === undefined || stop.signal.aborted) {
      return;
    }
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, everyMs);
      stop.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
    if (stop.signal.aborted) {
      return;
    }
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof SetupError || e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

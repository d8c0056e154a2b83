import { Command, Option } from 'commander';
import { opensearchVersionOf, startEngine, stopOnSignals, type EngineVersion } from './embeddedEngine';

/** `npm run engine`: the embedded OpenSearch in the foreground until Ctrl-C. */
const program = new Command()
  .name('engine')
  .description('Run the embedded OpenSearch (2.19.6 or 3.9.0) on 127.0.0.1 with a fresh data directory')
  .option('-p, --port <port>', 'HTTP port', '9200')
  .option('--heap <mb>', 'JVM heap in MiB', '1024')
  .addOption(new Option('--opensearch <major>', 'OpenSearch 2 (2.19.6) or 3 (3.9.0)').choices(['2', '3']).default('2'))
  .option('-v, --verbose', "print the engine's log", false)
  .parse();

async function main() {
  const opts = program.opts<{ port: string; heap: string; opensearch: EngineVersion; verbose: boolean }>();
  const started = Date.now();
  const engine = await startEngine({
    version: opts.opensearch,
    port: Number(opts.port),
    heapMb: Number(opts.heap),
    verbose: opts.verbose,
  });
  console.log(
    `OpenSearch ${opensearchVersionOf(engine.version)} ready at ${engine.url} after ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops it.`
  );
  stopOnSignals(async () => {
    await engine.stop();
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

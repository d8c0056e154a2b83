import { Command } from 'commander';
import { startEngine, stopOnSignals } from './embeddedEngine';

/** `npm run engine`: the embedded OpenSearch in the foreground until Ctrl-C. */
const program = new Command()
  .name('engine')
  .description('Run the embedded OpenSearch 2.19 on 127.0.0.1 with a fresh data directory')
  .option('-p, --port <port>', 'HTTP port', '9200')
  .option('--heap <mb>', 'JVM heap in MiB', '1024')
  .option('-v, --verbose', "print the engine's log", false)
  .parse();

async function main() {
  const opts = program.opts<{ port: string; heap: string; verbose: boolean }>();
  const started = Date.now();
  const engine = await startEngine({ port: Number(opts.port), heapMb: Number(opts.heap), verbose: opts.verbose });
  console.log(
    `OpenSearch ready at ${engine.url} after ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops it.`
  );
  stopOnSignals(async () => {
    await engine.stop();
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

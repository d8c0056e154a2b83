import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { filesBelow, scoreMutants, type EquivalentMutant, type FileScore, type MutantOutcome } from './scoreMutants';
import { outcomesOfReport, type MutationReport } from './outcomesOfReport';

/**
 * `npm run mutation [files…]`: Stryker over the core (stryker.config.mjs), then one score per file
 * with the config's equivalent mutants left out, and every mutant no test detects. Exits 1 when a
 * file scores under the threshold or an equivalent-mutant entry no longer matches.
 */
const ROOT = path.resolve(__dirname, '../..');

const program = new Command()
  .name('mutation')
  .argument('[files...]', 'mutate only these core files (default: the whole core)')
  .option('--threshold <percent>', 'the lowest score a file may have', (v) => parseFloat(v), 95)
  .option('--report-only', 'score the last run’s report again instead of running Stryker', false)
  .option('--out <dir>', 'where the reports and the sandbox go (default: the config’s, artifacts/mutation)')
  .option('--candidates', 'print the undetected mutants as equivalent-mutant entries to review and paste', false)
  .option('--concurrency <n>', 'test runner processes (default: the config’s)', (v) => parseInt(v, 10))
  .parse();

const pct = (score: number | null) => (score === null ? 'n/a' : `${score.toFixed(1)}%`);

function printTable(rows: FileScore[], total: FileScore): void {
  const width = Math.max(...rows.map((row) => row.file.length), 10);
  const header = ['killed', 'timeout', 'survived', 'no cov', 'equiv', 'score'];
  console.log(`${'file'.padEnd(width)}  ${header.map((h) => h.padStart(9)).join('')}`);
  for (const row of [...rows, total]) {
    const cells = [row.killed, row.timeout, row.survived, row.noCoverage, row.equivalent].map((n) =>
      String(n).padStart(9)
    );
    console.log(`${row.file.padEnd(width)}  ${cells.join('')}${pct(row.score).padStart(9)}`);
  }
}

function describeMutant(m: MutantOutcome): string {
  const oneLine = (text: string) => (text.length > 70 ? `${text.slice(0, 67)}...` : text).replace(/\s+/g, ' ');
  return `${m.file}:${m.line} ${m.mutator} ${m.status}: ${oneLine(m.original)} -> ${oneLine(m.replacement)}`;
}

async function main(): Promise<number> {
  const { threshold, reportOnly, out, concurrency, candidates } = program.opts<{
    threshold: number;
    reportOnly: boolean;
    out?: string;
    concurrency?: number;
    candidates: boolean;
  }>();
  const files = program.args;
  const configModule = (await import(pathToFileURL(path.join(ROOT, 'stryker.config.mjs')).href)) as {
    default: { jsonReporter: { fileName: string } };
    equivalentMutants: EquivalentMutant[];
  };
  // Separate --out directories let runs over different files go on side by side.
  const outOptions = out
    ? {
        jsonReporter: { fileName: path.join(out, 'mutation.json') },
        htmlReporter: { fileName: path.join(out, 'mutation.html') },
        tempDirName: path.join(out, '.stryker-tmp'),
      }
    : {};
  const reportFile = path.resolve(
    ROOT,
    outOptions.jsonReporter?.fileName ?? configModule.default.jsonReporter.fileName
  );
  if (!reportOnly) {
    process.chdir(ROOT);
    // Stryker is an ES module only; this tool runs as CommonJS under tsx.
    const { Stryker } = await import('@stryker-mutator/core');
    await new Stryker({
      ...outOptions,
      ...(files.length ? { mutate: files } : {}),
      ...(concurrency ? { concurrency } : {}),
    }).runMutationTest();
  }
  if (!existsSync(reportFile)) {
    console.error(`No mutation report at ${path.relative(ROOT, reportFile)}: run without --report-only first.`);
    return 1;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MutationReport;
  const scores = scoreMutants(outcomesOfReport(report), configModule.equivalentMutants);

  console.log('');
  printTable(scores.files, scores.total);
  if (scores.undetected.length) {
    console.log(`\n${scores.undetected.length} mutants no test detects:`);
    scores.undetected.forEach((m) => console.log(`  ${describeMutant(m)}`));
  }
  if (candidates) {
    // Only for mutants that behave exactly as the original: the others need a test.
    const entries = scores.undetected.map(({ file, mutator, original, replacement }) => ({
      file,
      mutator,
      original,
      replacement,
      reason: 'TODO: why no test can tell it from the original',
    }));
    console.log(JSON.stringify(entries, null, 2));
  }
  for (const { entry, problem } of scores.invalidEquivalents) {
    console.error(`Equivalent mutant in stryker.config.mjs ${problem}: ${JSON.stringify(entry)}`);
  }
  const below = filesBelow(scores, threshold);
  for (const row of below) {
    console.error(`${row.file} scores ${pct(row.score)}, under ${threshold}%`);
  }
  return below.length || scores.invalidEquivalents.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
);

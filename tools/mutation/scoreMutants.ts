/**
 * The mutation score of each file, with the equivalent mutants that stryker.config.mjs names left
 * out. Stryker's own score counts them as survivors; an equivalent mutant behaves exactly like the
 * original code, so no test can kill it and it says nothing about the tests.
 */

/** Stryker's statuses (mutation-testing-report-schema). */
export type MutantStatus =
  'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

export interface MutantOutcome {
  file: string;
  line: number;
  mutator: string;
  /** The source text of the mutated span. */
  original: string;
  replacement: string;
  status: MutantStatus;
}

export interface EquivalentMutant {
  file: string;
  mutator: string;
  original: string;
  replacement: string;
  reason: string;
}

export interface FileScore {
  file: string;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  equivalent: number;
  /** Detected over detected and undetected, in percent; null when the file has no valid mutant. */
  score: number | null;
}

/** An equivalent-mutant entry that does not match exactly one surviving mutant. */
export interface InvalidEquivalent {
  entry: EquivalentMutant;
  problem: string;
}

export interface MutationScores {
  files: FileScore[];
  total: FileScore;
  /** Survivors and mutants no test reaches, equivalents left out, in file and line order. */
  undetected: MutantOutcome[];
  invalidEquivalents: InvalidEquivalent[];
}

function emptyScore(file: string): FileScore {
  return { file, killed: 0, timeout: 0, survived: 0, noCoverage: 0, equivalent: 0, score: null };
}

function withScore(row: FileScore): FileScore {
  const detected = row.killed + row.timeout;
  const valid = detected + row.survived + row.noCoverage;
  return { ...row, score: valid === 0 ? null : (100 * detected) / valid };
}

function count(row: FileScore, status: MutantStatus | 'Equivalent'): void {
  switch (status) {
    case 'Killed':
      row.killed++;
      break;
    case 'Timeout':
      row.timeout++;
      break;
    case 'Survived':
      row.survived++;
      break;
    case 'NoCoverage':
      row.noCoverage++;
      break;
    case 'Equivalent':
      row.equivalent++;
      break;
    default:
    // Compile and runtime errors and ignored mutants are not valid mutants: Stryker leaves them out too.
  }
}

const keyOf = (m: { file: string; mutator: string; original: string; replacement: string }) =>
  JSON.stringify([m.file, m.mutator, m.original, m.replacement]);

/**
 * Scores per file. Entries are matched to surviving mutants by file, mutator, original code and
 * replacement: as many survivors must match as there are identical entries (a short original such as
 * `[]` may name several), else every such entry is reported and none is left out of the score. A
 * killed mutant never matches: an entry whose mutant a test now kills is reported. Only entries for
 * files in `outcomes` are checked, so that a run over some files leaves the others' entries alone.
 */
export function scoreMutants(
  outcomes: readonly MutantOutcome[],
  equivalents: readonly EquivalentMutant[]
): MutationScores {
  const mutatedFiles = new Set(outcomes.map((outcome) => outcome.file));
  const entriesByKey = new Map<string, EquivalentMutant[]>();
  for (const entry of equivalents.filter((e) => mutatedFiles.has(e.file))) {
    entriesByKey.set(keyOf(entry), [...(entriesByKey.get(keyOf(entry)) ?? []), entry]);
  }
  const equivalentOutcomes = new Set<MutantOutcome>();
  const invalidEquivalents: InvalidEquivalent[] = [];
  for (const [key, entries] of entriesByKey) {
    const matching = outcomes.filter((outcome) => keyOf(outcome) === key);
    const survivors = matching.filter((outcome) => outcome.status === 'Survived');
    if (survivors.length === entries.length) {
      survivors.forEach((outcome) => equivalentOutcomes.add(outcome));
      continue;
    }
    const where = (list: MutantOutcome[]) => list.map((m) => `${m.line} (${m.status})`).join(', ');
    const problem =
      matching.length === 0
        ? 'matches no mutant: the code changed; update or remove the entry'
        : survivors.length === 0
          ? `matches no survivor, only line ${where(matching)}: a test kills it, so it is not equivalent`
          : `names ${entries.length} equivalent(s) where ${survivors.length} survivors match (lines ${where(survivors)}): ` +
            'give each survivor its own entry, or make "original" longer';
    entries.forEach((entry) => invalidEquivalents.push({ entry, problem }));
  }

  const rows = new Map<string, FileScore>();
  const total = emptyScore('all files');
  for (const outcome of outcomes) {
    const row = rows.get(outcome.file) ?? emptyScore(outcome.file);
    rows.set(outcome.file, row);
    const status = equivalentOutcomes.has(outcome) ? 'Equivalent' : outcome.status;
    count(row, status);
    count(total, status);
  }
  const undetected = outcomes
    .filter((o) => (o.status === 'Survived' || o.status === 'NoCoverage') && !equivalentOutcomes.has(o))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return {
    files: [...rows.values()].map(withScore).sort((a, b) => a.file.localeCompare(b.file)),
    total: withScore(total),
    undetected,
    invalidEquivalents,
  };
}

/** The files under `threshold` percent (a file with no valid mutant passes). */
export function filesBelow(scores: MutationScores, threshold: number): FileScore[] {
  return scores.files.filter((row) => row.score !== null && row.score < threshold);
}

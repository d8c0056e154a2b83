import { outcomesOfReport, type MutationReport } from './outcomesOfReport';
import { filesBelow, scoreMutants, type EquivalentMutant, type MutantOutcome, type MutantStatus } from './scoreMutants';

const outcome = (file: string, status: MutantStatus, patch: Partial<MutantOutcome> = {}): MutantOutcome => ({
  file,
  line: 1,
  mutator: 'EqualityOperator',
  original: 'a > b',
  replacement: 'a >= b',
  status,
  ...patch,
});

const equivalent = (patch: Partial<EquivalentMutant> = {}): EquivalentMutant => ({
  file: 'a.ts',
  mutator: 'EqualityOperator',
  original: 'a > b',
  replacement: 'a >= b',
  reason: 'a and b are never equal',
  ...patch,
});

describe('scoreMutants', () => {
  it.each<[string, MutantStatus[], number | null]>([
    ['killed and timed-out mutants are detected', ['Killed', 'Timeout', 'Killed', 'Survived'], 75],
    ['survivors and mutants no test reaches are not', ['Killed', 'Survived', 'NoCoverage', 'NoCoverage'], 25],
    ['invalid and ignored mutants do not count', ['Killed', 'CompileError', 'RuntimeError', 'Ignored', 'Pending'], 100],
    ['a file with no valid mutant has no score', ['Ignored', 'CompileError'], null],
  ])('%s', (_label, statuses, score) => {
    const { files } = scoreMutants(
      statuses.map((status) => outcome('a.ts', status)),
      []
    );
    expect(files).toHaveLength(1);
    expect(files[0].score).toBe(score);
  });

  it('scores each file and all of them, files in name order', () => {
    const scores = scoreMutants(
      [
        outcome('b.ts', 'Killed'),
        outcome('a.ts', 'Killed'),
        outcome('a.ts', 'Survived'),
        outcome('b.ts', 'Timeout'),
        outcome('b.ts', 'NoCoverage'),
        outcome('b.ts', 'Killed'),
      ],
      []
    );
    expect(scores.files).toEqual([
      { file: 'a.ts', killed: 1, timeout: 0, survived: 1, noCoverage: 0, equivalent: 0, score: 50 },
      { file: 'b.ts', killed: 2, timeout: 1, survived: 0, noCoverage: 1, equivalent: 0, score: 75 },
    ]);
    expect(scores.total).toEqual({
      file: 'all files',
      killed: 3,
      timeout: 1,
      survived: 1,
      noCoverage: 1,
      equivalent: 0,
      score: (100 * 4) / 6,
    });
  });

  it('leaves a listed equivalent survivor out of the score and of the undetected list', () => {
    const survivor = outcome('a.ts', 'Survived', { line: 7 });
    const other = outcome('a.ts', 'Survived', { line: 3, original: 'x < y', replacement: 'x <= y' });
    const killed = outcome('a.ts', 'Killed', { original: 'c > d', replacement: 'c >= d' });
    const scores = scoreMutants([killed, survivor, other], [equivalent()]);
    expect(scores.files[0]).toMatchObject({ survived: 1, equivalent: 1, score: 50 });
    expect(scores.undetected).toEqual([other]);
    expect(scores.invalidEquivalents).toEqual([]);
  });

  it.each<[string, MutantOutcome[], EquivalentMutant, RegExp]>([
    ['matches nothing', [outcome('a.ts', 'Survived')], equivalent({ original: 'a > c' }), /matches no mutant/],
    [
      'differs in replacement',
      [outcome('a.ts', 'Survived')],
      equivalent({ replacement: 'a < b' }),
      /matches no mutant/,
    ],
    [
      'differs in mutator',
      [outcome('a.ts', 'Survived')],
      equivalent({ mutator: 'ConditionalExpression' }),
      /no mutant/,
    ],
    [
      'matches two survivors',
      [outcome('a.ts', 'Survived', { line: 2 }), outcome('a.ts', 'Survived', { line: 9 })],
      equivalent(),
      /names 1 equivalent\(s\) where 2 survivors match \(lines 2 \(Survived\), 9 \(Survived\)\)/,
    ],
    [
      'matches a killed mutant',
      [outcome('a.ts', 'Killed', { line: 4 })],
      equivalent(),
      /only line 4 \(Killed\): a test kills it/,
    ],
    ['matches a mutant no test reaches', [outcome('a.ts', 'NoCoverage')], equivalent(), /matches no survivor/],
  ])('reports an entry that %s, and does not count it', (_label, outcomes, entry, problem) => {
    const scores = scoreMutants(outcomes, [entry]);
    expect(scores.invalidEquivalents).toHaveLength(1);
    expect(scores.invalidEquivalents[0].entry).toBe(entry);
    expect(scores.invalidEquivalents[0].problem).toMatch(problem);
    expect(scores.total.equivalent).toBe(0);
  });

  it('takes as many identical entries as survivors match them, and passes by killed mutants of the same code', () => {
    const outcomes = [
      outcome('a.ts', 'Survived', { line: 2 }),
      outcome('a.ts', 'Killed', { line: 5 }),
      outcome('a.ts', 'Survived', { line: 9 }),
    ];
    const scores = scoreMutants(outcomes, [equivalent({ reason: 'first' }), equivalent({ reason: 'second' })]);
    expect(scores.invalidEquivalents).toEqual([]);
    expect(scores.files[0]).toMatchObject({ killed: 1, survived: 0, equivalent: 2, score: 100 });
  });

  it('reports every one of identical entries when fewer survivors match them', () => {
    const entries = [equivalent({ reason: 'first' }), equivalent({ reason: 'second' })];
    const scores = scoreMutants([outcome('a.ts', 'Survived', { line: 2 })], entries);
    expect(scores.invalidEquivalents.map((invalid) => invalid.entry)).toEqual(entries);
    expect(scores.invalidEquivalents[0].problem).toMatch(/names 2 equivalent\(s\) where 1 survivors match/);
    expect(scores.files[0]).toMatchObject({ survived: 1, equivalent: 0 });
  });

  it('checks only the entries of files that were mutated', () => {
    const scores = scoreMutants([outcome('a.ts', 'Killed')], [equivalent({ file: 'b.ts' })]);
    expect(scores.invalidEquivalents).toEqual([]);
  });

  it('lists undetected mutants by file, then line', () => {
    const late = outcome('a.ts', 'NoCoverage', { line: 30 });
    const early = outcome('a.ts', 'Survived', { line: 4 });
    const otherFile = outcome('0.ts', 'Survived', { line: 50 });
    expect(scoreMutants([late, outcome('a.ts', 'Killed'), early, otherFile], []).undetected).toEqual([
      otherFile,
      early,
      late,
    ]);
  });
});

describe('filesBelow', () => {
  it('names the files under the threshold; a file without valid mutants passes', () => {
    const scores = scoreMutants(
      [
        ...Array.from({ length: 19 }, () => outcome('ok.ts', 'Killed')),
        outcome('ok.ts', 'Survived'),
        ...Array.from({ length: 18 }, () => outcome('low.ts', 'Killed')),
        outcome('low.ts', 'Survived'),
        outcome('low.ts', 'Survived'),
        outcome('none.ts', 'Ignored'),
      ],
      []
    );
    expect(filesBelow(scores, 95).map((row) => row.file)).toEqual(['low.ts']);
    expect(filesBelow(scores, 90)).toEqual([]);
  });
});

describe('outcomesOfReport', () => {
  it('takes each mutant’s original code from its span, lines and columns counted from 1', () => {
    const source = 'const a = 1;\nif (a > b) {\n  run();\n}\n';
    const report: MutationReport = {
      files: {
        'src/x.ts': {
          source,
          mutants: [
            {
              mutatorName: 'EqualityOperator',
              replacement: 'a >= b',
              status: 'Survived',
              location: { start: { line: 2, column: 5 }, end: { line: 2, column: 10 } },
            },
            {
              mutatorName: 'BlockStatement',
              replacement: '{}',
              status: 'Killed',
              location: { start: { line: 2, column: 12 }, end: { line: 4, column: 2 } },
            },
            {
              mutatorName: 'BooleanLiteral',
              status: 'Ignored',
              location: { start: { line: 1, column: 11 }, end: { line: 1, column: 12 } },
            },
          ],
        },
      },
    };
    expect(outcomesOfReport(report)).toEqual([
      {
        file: 'src/x.ts',
        line: 2,
        mutator: 'EqualityOperator',
        original: 'a > b',
        replacement: 'a >= b',
        status: 'Survived',
      },
      {
        file: 'src/x.ts',
        line: 2,
        mutator: 'BlockStatement',
        original: '{\n  run();\n}',
        replacement: '{}',
        status: 'Killed',
      },
      { file: 'src/x.ts', line: 1, mutator: 'BooleanLiteral', original: '1', replacement: '', status: 'Ignored' },
    ]);
  });
});

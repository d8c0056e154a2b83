import type { MutantOutcome, MutantStatus } from './scoreMutants';

/** The parts of Stryker's JSON report (mutation-testing-report-schema) the score reads. */
export interface MutationReport {
  files: Record<
    string,
    {
      source: string;
      mutants: Array<{
        mutatorName: string;
        replacement?: string;
        status: MutantStatus;
        /** Lines and columns from 1; the end column is the first character after the span. */
        location: { start: { line: number; column: number }; end: { line: number; column: number } };
      }>;
    }
  >;
}

/** The source text between two report positions. */
function spanText(lineStarts: number[], source: string, start: Position, end: Position): string {
  return source.slice(lineStarts[start.line - 1] + start.column - 1, lineStarts[end.line - 1] + end.column - 1);
}

interface Position {
  line: number;
  column: number;
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\n') {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Each mutant of the report with the original code of its span, for matching equivalents. */
export function outcomesOfReport(report: MutationReport): MutantOutcome[] {
  return Object.entries(report.files).flatMap(([file, { source, mutants }]) => {
    const lineStarts = lineStartsOf(source);
    return mutants.map((mutant) => ({
      file,
      line: mutant.location.start.line,
      mutator: mutant.mutatorName,
      original: spanText(lineStarts, source, mutant.location.start, mutant.location.end),
      replacement: mutant.replacement ?? '',
      status: mutant.status,
    }));
  });
}

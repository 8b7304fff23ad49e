/** One thing wrong in a data file: which file, which field, what is wrong. */
export interface DataProblem {
  readonly file: string;
  readonly field: string;
  readonly problem: string;
}

export function describeProblem({ file, field, problem }: DataProblem): string {
  return field ? `${file}: ${field}: ${problem}` : `${file}: ${problem}`;
}

/** Every problem found in devices/ and firmware-catalog/, reported together so one run shows them all. */
export class DataError extends Error {
  constructor(readonly problems: readonly DataProblem[]) {
    super(problems.map(describeProblem).join('\n'));
    this.name = 'DataError';
  }
}

/** Formats a zod issue path as people write it: `display.rows`, `builds[2].sha256`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

import { formatDuration } from '../duration.js';
import type { RunReport } from '../run-scenarios.js';
import type { ScenarioResult } from '../run-scenario.js';
import { failureLines, traceLines } from './failure-text.js';

const marks: Record<ScenarioResult['status'], string> = { passed: 'PASS', failed: 'FAIL', invalid: 'INVALID' };

/** One scenario: a line with its outcome, then its trace and what went wrong, indented. */
export function humanResult(result: ScenarioResult): string {
  const detail =
    result.status === 'invalid'
      ? `${result.problems?.length ?? 0} problem(s)`
      : `${result.steps} steps, ${formatDuration(result.virtualMs)} virtual in ${Math.round(result.wallMs)} ms`;
  const lines = [`${marks[result.status]} ${result.file}: ${result.name} (${detail})`];
  const indent = (line: string) => `    ${line}`;
  lines.push(...traceLines(result).map(indent));
  lines.push(...failureLines(result).map(indent));
  return `${lines.join('\n')}\n`;
}

/**
 * The closing lines: invalid files on a line of their own (they are not failures: nothing
 * ran), then the plain "N passed, N failed" line any CI can read, in that exact form.
 */
export function humanSummary(report: RunReport): string {
  const count = (status: ScenarioResult['status']) => report.results.filter((result) => result.status === status).length;
  const lines: string[] = [''];
  if (count('invalid') > 0) lines.push(`${count('invalid')} invalid scenario file(s): nothing was run; fix the fields named above.`, `scenarios: ${count('invalid')} invalid`);
  lines.push(`scenarios: ${count('passed')} passed, ${count('failed')} failed`);
  return `${lines.join('\n')}\n`;
}

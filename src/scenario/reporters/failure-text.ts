import { describeScenarioProblem } from '../load-scenario.js';
import { formatClock } from '../duration.js';
import type { ScenarioResult } from '../run-scenario.js';

/**
 * A screen drawn at the phone's width, so trailing spaces and empty rows show; its last
 * row, the softkeys, under a rule.
 */
export function boxScreen(screen: string, columns: number | undefined, indent = '  '): string[] {
  const rows = screen.split('\n');
  const softkeys = rows.pop() ?? '';
  const width = Math.max(columns ?? 0, softkeys.length, ...rows.map((row) => row.length));
  const row = (text: string) => `${indent}│${text.padEnd(width)}│`;
  return [
    `${indent}┌${'─'.repeat(width)}┐`,
    ...rows.map(row),
    `${indent}├${'─'.repeat(width)}┤`,
    row(softkeys),
    `${indent}└${'─'.repeat(width)}┘`,
  ];
}

export const stepName = (step: { readonly index: number; readonly line: number; readonly source: string }) =>
  `steps[${step.index}] (line ${step.line}) ${step.source}`;

/** Everything a QA engineer needs to act on a failure: the step, both sides, the screen. */
export function failureLines(result: ScenarioResult): string[] {
  if (result.status === 'invalid') return (result.problems ?? []).map(describeScenarioProblem);
  const failure = result.failure;
  if (!failure) return [];
  const lines = [failure.step ? `at ${stepName(failure.step)}` : 'before the first step', failure.message];
  const label = (name: string, text: string | undefined) => {
    if (text === undefined) return;
    const [first = '', ...rest] = text.split('\n');
    lines.push(`${name}${first}`, ...rest.map((line) => `${' '.repeat(name.length)}${line}`));
  };
  label('expected: ', failure.expected);
  label('actual:   ', failure.actual);
  if (failure.screen !== undefined) lines.push(`screen at ${formatClock(failure.at)}:`, ...boxScreen(failure.screen, result.columns));
  return lines;
}

export function traceLines(result: ScenarioResult): string[] {
  return result.trace.flatMap((entry) => [`${formatClock(entry.at)} ${stepName(entry)}`, ...boxScreen(entry.screen, result.columns)]);
}

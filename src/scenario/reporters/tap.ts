import { stringify } from 'yaml';
import type { RunReport } from '../run-scenarios.js';
import type { ScenarioResult } from '../run-scenario.js';
import { failureLines, traceLines } from './failure-text.js';

/** A test point's description may not contain '#' (it starts a directive) nor a line break. */
const description = (result: ScenarioResult) => `${result.file}: ${result.name}`.replace(/#/g, '\\#').replace(/\s+/g, ' ');

function testPoint(result: ScenarioResult, number: number): string {
  const ok = result.status === 'passed';
  const lines = [`${ok ? 'ok' : 'not ok'} ${number} - ${description(result)}`];
  const diagnostics: Record<string, unknown> = {};
  if (result.status === 'invalid') diagnostics.status = 'invalid';
  if (result.status === 'invalid') diagnostics.problems = failureLines(result);
  if (result.failure) {
    diagnostics.message = result.failure.message;
    if (result.failure.step) diagnostics.step = { index: result.failure.step.index, line: result.failure.step.line, source: result.failure.step.source };
    if (result.failure.expected !== undefined) diagnostics.expected = result.failure.expected;
    if (result.failure.actual !== undefined) diagnostics.actual = result.failure.actual;
    if (result.failure.screen !== undefined) diagnostics.screen = result.failure.screen;
  }
  if (result.trace.length > 0) diagnostics.trace = traceLines(result).join('\n');
  if (Object.keys(diagnostics).length > 0) {
    const yaml = stringify(diagnostics, { lineWidth: 0 }).trimEnd().split('\n');
    lines.push('  ---', ...yaml.map((line) => `  ${line}`), '  ...');
  }
  return lines.join('\n');
}

/** TAP version 14: the plan first, one test point per scenario, YAML diagnostics on failures. */
export function tapReport(report: RunReport): string {
  const count = (status: ScenarioResult['status']) => report.results.filter((result) => result.status === status).length;
  // A closing comment: TAP itself knows only ok and not ok, and an invalid file is neither a pass nor a failure.
  const summary = `# ${count('passed')} passed, ${count('failed')} failed, ${count('invalid')} invalid`;
  return ['TAP version 14', `1..${report.results.length}`, ...report.results.map((result, index) => testPoint(result, index + 1)), summary, ''].join('\n');
}

import type { RunReport } from '../run-scenarios.js';
import type { ScenarioResult } from '../run-scenario.js';
import { failureLines, traceLines } from './failure-text.js';

/** Text safe inside XML: escaped, and without the control characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** `scenarios/polycom/x.yaml` -> `scenarios.polycom.x`: CI tools group test cases by dotted class names. */
const className = (file: string) => file.replace(/\.ya?ml$/, '').replace(/[/\\]/g, '.');

function testCase(result: ScenarioResult): string {
  const attributes = `classname="${xmlText(className(result.file))}" name="${xmlText(result.name)}" file="${xmlText(result.file)}" time="${seconds(result.wallMs)}"`;
  const body: string[] = [];
  if (result.status === 'invalid') {
    body.push(`<error message="invalid scenario file" type="InvalidScenario">${xmlText(failureLines(result).join('\n'))}</error>`);
  } else if (result.failure) {
    const type = result.failure.notSupported ? 'NotSupported' : 'StepFailure';
    body.push(`<failure message="${xmlText(result.failure.message)}" type="${type}">${xmlText(failureLines(result).join('\n'))}</failure>`);
  }
  if (result.trace.length > 0) body.push(`<system-out>${xmlText(traceLines(result).join('\n'))}</system-out>`);
  if (body.length === 0) return `    <testcase ${attributes}/>`;
  return [`    <testcase ${attributes}>`, ...body.map((line) => `      ${line}`), '    </testcase>'].join('\n');
}

/** JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one suite, one case per scenario. */
export function junitReport(report: RunReport): string {
  const failures = report.results.filter((result) => result.status === 'failed').length;
  const errors = report.results.filter((result) => result.status === 'invalid').length;
  const counts = `tests="${report.results.length}" failures="${failures}" errors="${errors}" time="${seconds(report.wallMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="phone-emu" ${counts}>`,
    `  <testsuite name="phone-emu scenarios" ${counts} skipped="0">`,
    ...report.results.map(testCase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

import type { RunReport } from '../run-scenarios.js';

/** The JSON reporter's object: what `--reporter json` prints and the library's runScenarios returns. */
export type JsonReport = ReturnType<typeof jsonReportObject>;

export function jsonReportObject(report: RunReport) {
  const count = (status: string) => report.results.filter((result) => result.status === status).length;
  return {
    version: 1 as const,
    summary: {
      total: report.results.length,
      passed: count('passed'),
      failed: count('failed'),
      invalid: count('invalid'),
      exitCode: report.exitCode,
      wallMs: Math.round(report.wallMs),
    },
    scenarios: report.results.map((result) => ({ ...result, wallMs: Math.round(result.wallMs) })),
  };
}

/** The whole run as JSON, for tools of one's own: a stable shape, versioned. */
export function jsonReport(report: RunReport): string {
  return `${JSON.stringify(jsonReportObject(report), null, 2)}\n`;
}

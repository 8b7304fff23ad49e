import type { RunReport } from '../run-scenarios.js';

/** The whole run as JSON, for tools of one's own: a stable shape, versioned. */
export function jsonReport(report: RunReport): string {
  const count = (status: string) => report.results.filter((result) => result.status === status).length;
  return `${JSON.stringify(
    {
      version: 1,
      summary: {
        total: report.results.length,
        passed: count('passed'),
        failed: count('failed'),
        invalid: count('invalid'),
        exitCode: report.exitCode,
        wallMs: Math.round(report.wallMs),
      },
      scenarios: report.results.map((result) => ({ ...result, wallMs: Math.round(result.wallMs) })),
    },
    null,
    2,
  )}\n`;
}

import type { RunReport } from '../run-scenarios.js';
import { humanResult, humanSummary } from './human.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { tapReport } from './tap.js';

export const reporterNames = ['human', 'junit', 'tap', 'json'] as const;
export type ReporterName = (typeof reporterNames)[number];

/** The whole report in one format, as written to --out or printed at the end. */
export function formatReport(name: ReporterName, report: RunReport): string {
  switch (name) {
    case 'human':
      return report.results.map(humanResult).join('') + humanSummary(report);
    case 'junit':
      return junitReport(report);
    case 'tap':
      return tapReport(report);
    case 'json':
      return jsonReport(report);
  }
}

export { humanResult, humanSummary };

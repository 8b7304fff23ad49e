import type { RunReport } from '../run-scenarios.js';
import { humanResult, humanSummary } from './human.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { tapReport } from './tap.js';

import type { ReporterName } from './names.js';

export { reporterNames, type ReporterName } from './names.js';

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

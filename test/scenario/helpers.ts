import type { ProjectData } from '../../src/profiles/load-data.js';
import { describeScenarioProblem, parseScenario } from '../../src/scenario/load-scenario.js';
import { runScenario, type RunScenarioOptions, type ScenarioResult } from '../../src/scenario/run-scenario.js';
import { projectData } from '../helpers/data.js';

/** Validates a scenario written inline and runs it against a real in-process server. */
export async function runText(text: string, options: Partial<RunScenarioOptions> = {}): Promise<ScenarioResult> {
  const data = options.data ?? projectData();
  const loaded = parseScenario(text, 'inline.yaml', data);
  if (!loaded.ok) throw new Error(loaded.problems.map(describeScenarioProblem).join('\n'));
  return runScenario(loaded.scenario, { ...options, data });
}

/** The repository's data with one profile changed, e.g. a smaller screen. */
export function dataWithProfile(id: string, change: (profile: ReturnType<ProjectData['profiles']['get']> & object) => object): ProjectData {
  const data = projectData();
  const profiles = new Map(data.profiles);
  profiles.set(id, change(data.profiles.get(id)!) as never);
  return { ...data, profiles };
}

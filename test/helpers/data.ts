import { loadProjectData, type ProjectData } from '../../src/profiles/load-data.js';

let cached: ProjectData | undefined;

/** The repository's own devices/ and firmware-catalog/, loaded once per test file. */
export function projectData(): ProjectData {
  cached ??= loadProjectData();
  return cached;
}

export function profile(id: string) {
  const found = projectData().profiles.get(id);
  if (!found) throw new Error(`no profile ${id}`);
  return found;
}

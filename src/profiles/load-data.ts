import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { deviceProfileSchema, type DeviceProfile } from '../core/device-profile.js';
import { firmwareFamilySchema, type FirmwareFamily } from '../core/firmware-catalog.js';
import { validateFamily, validateProfile } from './cross-checks.js';
import { DataError, fieldPath, type DataProblem } from './data-error.js';
import { packageRoot } from './paths.js';

/** The validated data the emulator runs on. */
export interface ProjectData {
  readonly root: string;
  readonly profiles: ReadonlyMap<string, DeviceProfile>;
  readonly families: ReadonlyMap<string, FirmwareFamily>;
}

const exampleFile = '_example.yaml';

/**
 * Reads and validates devices/ and firmware-catalog/ under `root`. Throws a DataError
 * listing every problem, each naming the file and the field, before anything starts.
 */
export function loadProjectData(root: string = packageRoot()): ProjectData {
  const problems: DataProblem[] = [];
  const families = new Map<string, FirmwareFamily>();
  const profiles = new Map<string, DeviceProfile>();
  const relativeTo = (file: string) => relative(root, file) || file;

  const catalogDir = join(root, 'firmware-catalog');
  for (const file of yamlFiles(catalogDir, problems, relativeTo)) {
    const family = readValidated(file, firmwareFamilySchema, problems, relativeTo);
    if (!family || basename(file) === exampleFile) continue;
    const name = relativeTo(file);
    if (basename(file, '.yaml') !== family.family) {
      problems.push({ file: name, field: 'family', problem: `"${family.family}" must match the file name (${basename(file, '.yaml')})` });
    } else if (families.has(family.family)) {
      problems.push({ file: name, field: 'family', problem: `"${family.family}" is defined twice` });
    }
    problems.push(...validateFamily(family).map((p) => ({ file: name, ...p })));
    families.set(family.family, family);
  }

  const devicesDir = join(root, 'devices');
  const deviceFiles = [
    ...yamlFiles(devicesDir, problems, relativeTo).filter((file) => basename(file) === exampleFile),
    ...subfolders(devicesDir).flatMap((dir) => yamlFiles(dir, problems, relativeTo)),
  ];
  for (const file of deviceFiles) {
    const profile = readValidated(file, deviceProfileSchema, problems, relativeTo);
    if (!profile) continue;
    const name = relativeTo(file);
    if (basename(file) !== exampleFile) {
      const folder = basename(join(file, '..'));
      const expectedId = `${folder}-${basename(file, '.yaml')}`;
      if (profile.id !== expectedId) {
        problems.push({ file: name, field: 'id', problem: `"${profile.id}" must be "${expectedId}" (vendor folder and file name)` });
      } else if (profiles.has(profile.id)) {
        problems.push({ file: name, field: 'id', problem: `"${profile.id}" is defined twice` });
      }
      if (profile.vendor !== folder) {
        problems.push({ file: name, field: 'vendor', problem: `"${profile.vendor}" does not match its folder devices/${folder}/` });
      }
    }
    problems.push(...validateProfile(profile, families).map((p) => ({ file: name, ...p })));
    if (basename(file) !== exampleFile) profiles.set(profile.id, profile);
  }

  for (const family of families.values()) {
    for (const [index, build] of family.builds.entries()) {
      for (const model of build.models ?? []) {
        const profile = profiles.get(model);
        if (!profile || profile.firmwareFamily !== family.family) {
          problems.push({
            file: relativeTo(join(catalogDir, `${family.family}.yaml`)),
            field: `builds[${index}].models`,
            problem: `"${model}" is not a device of the ${family.family} family`,
          });
        }
      }
    }
  }

  if (profiles.size === 0 && problems.length === 0) {
    problems.push({ file: relativeTo(devicesDir), field: '', problem: 'no device profile found' });
  }
  if (problems.length > 0) throw new DataError(problems);
  return { root, profiles, families };
}

function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name))
    .sort();
}

function yamlFiles(dir: string, problems: DataProblem[], relativeTo: (file: string) => string): string[] {
  if (!existsSync(dir)) {
    problems.push({ file: relativeTo(dir), field: '', problem: 'folder not found' });
    return [];
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** Reads a YAML file and validates it; each problem names the file and the field. */
export function readValidated<T>(
  file: string,
  schema: z.ZodType<T>,
  problems: DataProblem[],
  relativeTo: (file: string) => string,
): T | undefined {
  const name = relativeTo(file);
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      problems.push({ file: name, field: line ? `line ${line.line}` : '', problem: error.message.split('\n')[0] ?? 'not valid YAML' });
    }
    return undefined;
  }
  const result = schema.safeParse(document.toJS());
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        // Name the unknown field itself, so a typo points at its own line.
        for (const key of issue.keys) problems.push({ file: name, field: fieldPath([...issue.path, key]), problem: 'unknown field (a typo?)' });
      } else {
        problems.push({ file: name, field: fieldPath(issue.path), problem: issue.message });
      }
    }
    return undefined;
  }
  return result.data;
}

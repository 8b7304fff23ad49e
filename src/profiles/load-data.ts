import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { deviceProfileSchema, type DeviceProfile } from '../core/device-profile.js';
import { firmwareFamilySchema, type FirmwareFamily } from '../core/firmware-catalog.js';
import { validateFamily, validateProfile } from './cross-checks.js';
import { readCachedData } from './data-cache.js';
import { DataError, fieldPath, type DataProblem } from './data-error.js';
import { packageRoot } from './paths.js';
import { provisioningSchema, type DeviceProvisioning } from './provisioning-schema.js';

/** The validated data the emulator runs on. */
export interface ProjectData {
  readonly root: string;
  readonly profiles: ReadonlyMap<string, DeviceProfile>;
  readonly families: ReadonlyMap<string, FirmwareFamily>;
  /** Each profile's `provisioning:` field (third-party provisioning files), by profile id. */
  readonly provisioning: ReadonlyMap<string, DeviceProvisioning>;
}

const exampleFile = '_example.yaml';
/** Fields shared by every model of a vendor folder. */
const vendorTemplateFile = '_vendor.yaml';

/**
 * Reads and validates devices/ and firmware-catalog/ under `root`. Throws a DataError
 * listing every problem, each naming the file and the field, before anything starts.
 */
export function loadProjectData(root: string = packageRoot()): ProjectData {
  const cache = readCachedData(root);
  if (cache.data) return { root, ...cache.data };
  const data = validateProjectData(root);
  cache.store(data);
  return data;
}

function validateProjectData(root: string): ProjectData {
  const problems: DataProblem[] = [];
  const families = new Map<string, FirmwareFamily>();
  const profiles = new Map<string, DeviceProfile>();
  const provisioning = new Map<string, DeviceProvisioning>();
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
  const deviceSources: DeviceSource[] = [
    ...yamlFiles(devicesDir, problems, relativeTo)
      .filter((file) => basename(file) === exampleFile)
      .map((file) => ({ file, template: undefined })),
    ...subfolders(devicesDir).flatMap((dir) => vendorFolderSources(dir, problems, relativeTo)),
  ];
  for (const { file, template } of deviceSources) {
    const name = relativeTo(file);
    const own = readYaml(file, problems, relativeTo);
    if (own === undefined) continue;
    // A field missing from the model file comes from the vendor template: its problems name that file.
    const origin = (field: string) => {
      const key = /^[A-Za-z]+/.exec(field)?.[0] ?? '';
      return template && !hasKey(own, key) && hasKey(template.fields, key) ? relativeTo(template.file) : name;
    };
    const found: DataProblem[] = [];
    const [fields, provisioningFields] = splitProvisioning(template ? mergeFields(template.fields, own) : own);
    const profile = validated(fields, deviceProfileSchema, name, found);
    const provisioned = provisioningFields === undefined ? undefined : validated(provisioningFields, provisioningSchema, name, found, ['provisioning']);
    if (profile) {
      if (basename(file) !== exampleFile) {
        const folder = basename(join(file, '..'));
        const expectedId = `${folder}-${basename(file, '.yaml')}`;
        if (profile.id !== expectedId) {
          found.push({ file: name, field: 'id', problem: `"${profile.id}" must be "${expectedId}" (vendor folder and file name)` });
        } else if (profiles.has(profile.id)) {
          found.push({ file: name, field: 'id', problem: `"${profile.id}" is defined twice` });
        }
        if (profile.vendor !== folder) {
          found.push({ file: name, field: 'vendor', problem: `"${profile.vendor}" does not match its folder devices/${folder}/` });
        }
      }
      found.push(...validateProfile(profile, families).map((p) => ({ file: name, ...p })));
      if (basename(file) !== exampleFile) profiles.set(profile.id, profile);
      if (basename(file) !== exampleFile && provisioned) provisioning.set(profile.id, provisioned);
    }
    const provisioningOrigin = (field: string) => {
      const key = /^provisioning\.([A-Za-z]+)/.exec(field)?.[1];
      if (key === undefined || !template) return origin(field);
      const inModel = isRecord(own) && hasKey(own['provisioning'], key);
      return !inModel && isRecord(template.fields) && hasKey(template.fields['provisioning'], key) ? relativeTo(template.file) : name;
    };
    for (const problem of found) addOnce(problems, { ...problem, file: provisioningOrigin(problem.field) });
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
  return { root, profiles, families, provisioning };
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

/** A device file and the vendor template (`_vendor.yaml`) its fields are merged over. */
interface DeviceSource {
  readonly file: string;
  readonly template: { readonly file: string; readonly fields: Record<string, unknown> } | undefined;
}

const templateSchema = deviceProfileSchema.partial();

/**
 * The model files of one vendor folder, each with the folder's `_vendor.yaml` when there
 * is one. A template with problems is reported alone: its models would only repeat them.
 */
function vendorFolderSources(dir: string, problems: DataProblem[], relativeTo: (file: string) => string): DeviceSource[] {
  const files = yamlFiles(dir, problems, relativeTo);
  const templateFile = files.find((file) => basename(file) === vendorTemplateFile);
  const models = files.filter((file) => file !== templateFile);
  if (!templateFile) return models.map((file) => ({ file, template: undefined }));
  // The raw fields are merged, not the parsed ones: schema defaults apply once, to the whole profile.
  const fields = readYaml(templateFile, problems, relativeTo);
  if (fields === undefined || !validated(splitProvisioning(fields)[0], templateSchema, relativeTo(templateFile), problems) || !isRecord(fields)) return [];
  return models.map((file) => ({ file, template: { file: templateFile, fields } }));
}

/** The template's fields under the model's: objects merge field by field, anything else is replaced. */
export function mergeFields(base: Record<string, unknown>, over: unknown): unknown {
  if (!isRecord(over)) return over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key];
    merged[key] = isRecord(under) && isRecord(value) ? mergeFields(under, value) : value;
  }
  return merged;
}

/** A profile's fields without `provisioning:`, and that field: it has a schema of its own. */
function splitProvisioning(value: unknown): [unknown, unknown] {
  if (!isRecord(value) || !Object.hasOwn(value, 'provisioning')) return [value, undefined];
  const { provisioning, ...rest } = value;
  return [rest, provisioning];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasKey(value: unknown, key: string): boolean {
  return isRecord(value) && Object.hasOwn(value, key);
}

function addOnce(problems: DataProblem[], problem: DataProblem): void {
  const same = (other: DataProblem) => other.file === problem.file && other.field === problem.field && other.problem === problem.problem;
  if (!problems.some(same)) problems.push(problem);
}

/** Reads a YAML file and validates it; each problem names the file and the field. */
export function readValidated<T>(
  file: string,
  schema: z.ZodType<T>,
  problems: DataProblem[],
  relativeTo: (file: string) => string,
): T | undefined {
  const value = readYaml(file, problems, relativeTo);
  return value === undefined ? undefined : validated(value, schema, relativeTo(file), problems);
}

/** The file's YAML as plain data, or undefined after recording its syntax errors. */
function readYaml(file: string, problems: DataProblem[], relativeTo: (file: string) => string): unknown {
  const name = relativeTo(file);
  const text = readFileSync(file, 'utf8');
  const notText = text.trim() === '' ? 'the file is empty' : text.includes('\u0000') || text.includes('\uFFFD') ? 'not a text file (it holds binary data)' : undefined;
  if (notText) {
    problems.push({ file: name, field: '', problem: notText });
    return undefined;
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      problems.push({ file: name, field: line ? `line ${line.line}` : '', problem: error.message.split('\n')[0] ?? 'not valid YAML' });
    }
    return undefined;
  }
  try {
    return document.toJS() as unknown;
  } catch (error) {
    // The yaml package refuses aliases that expand without bound (an "alias bomb").
    problems.push({ file: name, field: '', problem: `${(error as Error).message}: aliases (*name) expand too far` });
    return undefined;
  }
}

function validated<T>(value: unknown, schema: z.ZodType<T>, name: string, problems: DataProblem[], under: readonly PropertyKey[] = []): T | undefined {
  const result = schema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        // Name the unknown field itself, so a typo points at its own line.
        for (const key of issue.keys) problems.push({ file: name, field: fieldPath([...under, ...issue.path, key]), problem: 'unknown field (a typo?)' });
      } else {
        problems.push({ file: name, field: fieldPath([...under, ...issue.path]), problem: issue.message });
      }
    }
    return undefined;
  }
  return result.data;
}

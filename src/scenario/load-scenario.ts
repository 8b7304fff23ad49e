import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { newestCertified, resolveBuild } from '../core/catalog.js';
import type { DeviceProfile, DeviceSettings } from '../core/device-profile.js';
import type { FirmwareFamily } from '../core/firmware-catalog.js';
import type { Locale } from '../core/messages/index.js';
import type { VersionSchemeName } from '../core/version.js';
import { fieldPath } from '../profiles/data-error.js';
import { normalizeMac } from '../server/store.js';
import type { ProjectData } from '../profiles/load-data.js';
import { didYouMean } from './closest.js';
import { checkPolicyApplies, checkStep, deviceParameters, type Report, type StepContext } from './scenario-checks.js';
import { readSourceDocument } from './yaml-source.js';
import { expandReferences, referenceKeys, type Environment } from './env-references.js';
import {
  expectKeys,
  scenarioHeadSchema,
  serverActions,
  stepNames,
  stepSchemas,
  type Deployment,
  type PolicyValues,
  type ScenarioHead,
  type ScenarioPhoneHead,
  type ScenarioUser,
  type Step,
  type StepName,
} from './scenario-schema.js';

/** One thing wrong in a scenario file: which file, which field, what is wrong, on which line. */
export interface ScenarioProblem {
  readonly file: string;
  /** `steps[3].press`, `device`, or '' for the whole file. */
  readonly field: string;
  readonly problem: string;
  readonly line?: number;
}

export function describeScenarioProblem({ file, field, problem, line }: ScenarioProblem): string {
  return `${file}: ${field ? `${field}: ` : ''}${problem}${line ? ` (line ${line})` : ''}`;
}

export interface ScenarioStep {
  /** Zero-based, as in `steps[3]`. */
  readonly index: number;
  /** The phone of `phones:` the step acts on (the last `- on:` before it); undefined in a one-phone scenario. */
  readonly phone?: string | undefined;
  readonly line: number;
  /** The step as written, on one line: `press: Update`. */
  readonly source: string;
  readonly step: Step;
}

/** A scenario that passed validation, with its device profile and starting build resolved. */
export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly profile: DeviceProfile;
  readonly firmware: string;
  /** How the device's vendor writes and compares versions. */
  readonly versionScheme: VersionSchemeName;
  readonly locale: Locale;
  /** Undefined when the file does not set it: the default deployment then applies. */
  readonly deployment: Deployment | undefined;
  readonly users: readonly ScenarioUser[];
  readonly policy: PolicyValues;
  readonly settings: DeviceSettings;
  /** The provisioning server the phone reads at boot: a URL, or a folder (absolute once loaded from a file) the runner serves. */
  readonly provisioning?: { readonly url: string } | { readonly files: string } | undefined;
  readonly steps: readonly ScenarioStep[];
  /**
   * The phones of `phones:`, in the file's order; empty in a one-phone scenario (top-level
   * `device`). With phones, profile, firmware, locale and settings above are the first one's.
   */
  readonly phones: readonly ScenarioPhone[];
}

/** One phone of a multi-phone scenario, resolved as a one-phone scenario's top level is. */
export interface ScenarioPhone {
  readonly name: string;
  readonly profile: DeviceProfile;
  readonly firmware: string;
  readonly versionScheme: VersionSchemeName;
  readonly locale: Locale;
  readonly settings: DeviceSettings;
  /** As written (normalized), when the scenario gives one; else the runner numbers the phone. */
  readonly mac?: string | undefined;
  readonly serial?: string | undefined;
}

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly file: string; readonly name: string | undefined; readonly problems: readonly ScenarioProblem[] };

/** Reads and validates one scenario file; `file` is the path as the user should see it. */
export function loadScenarioFile(path: string, file: string, data: ProjectData, env: Environment = process.env): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, file, name: undefined, problems: [{ file, field: '', problem: `cannot read it: ${(error as Error).message}` }] };
  }
  return withProvisioningFolder(parseScenario(text, file, data, env), path);
}

/** `provisioning: { files: DIR }` is read beside the scenario file; a folder that is not there is the scenario's problem. */
function withProvisioningFolder(result: LoadResult, path: string): LoadResult {
  if (!result.ok || result.scenario.provisioning === undefined || !('files' in result.scenario.provisioning)) return result;
  const folder = resolve(dirname(path), result.scenario.provisioning.files);
  if (!isDirectory(folder)) {
    const problem = `provisioning files: ${result.scenario.provisioning.files} is not a folder beside the scenario (${folder})`;
    return { ok: false, file: result.scenario.file, name: result.scenario.name, problems: [{ file: result.scenario.file, field: 'provisioning.files', problem }] };
  }
  return { ok: true, scenario: { ...result.scenario, provisioning: { files: folder } } };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Why a file's text cannot be a scenario at all: empty, or not text (NUL bytes, bytes that are not UTF-8). */
function textProblem(text: string): string | undefined {
  if (text.trim() === '') return 'the file is empty: a scenario is a YAML mapping with name, device and steps';
  if (text.includes('\u0000') || text.includes('\uFFFD')) return 'not a text file (it holds binary data): a scenario is YAML text in UTF-8';
  return undefined;
}

/** Every key the format knows, for "did you mean" hints on a typo at any level. */
const knownKeys = [
  ...Object.keys(scenarioHeadSchema.shape),
  ...stepNames,
  ...expectKeys,
  ...serverActions,
  'upn', 'password', 'licenses', 'extension', 'pin', 'sfb', 'exchange', 'mfa', 'method', 'user', 'phoneLockPin', 'account', 'pair', 'os', 'code', 'mac', 'serial',
];

/** `env` supplies the `${NAME}` references of steps and users (a recorded session's PINs and passwords). */
export function parseScenario(text: string, file: string, data: ProjectData, env: Environment = process.env): LoadResult {
  const notText = textProblem(text);
  if (notText) return { ok: false, file, name: undefined, problems: [{ file, field: '', problem: notText }] };
  const source = readSourceDocument(text);
  const problems: ScenarioProblem[] = [];
  const fail = (name?: unknown): LoadResult => ({
    ok: false,
    file,
    name: typeof name === 'string' ? name : undefined,
    problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  });
  for (const error of source.errors) problems.push({ file, field: '', problem: `not valid YAML: ${error.message}`, line: error.line });
  const written = source.value;
  if (problems.length > 0) return fail();
  if (typeof written !== 'object' || written === null || Array.isArray(written)) {
    problems.push({ file, field: '', problem: 'expected a scenario: a mapping with name, device and steps' });
    return fail();
  }

  const report: Report = (path, problem) => problems.push({ file, field: fieldPath(path), problem, line: source.lineAt(path) });
  const raw = withReferences(written as Record<string, unknown>, env, report);
  const reportIssues: ReportIssues = (prefix, issues) => {
    for (const issue of issues) {
      if (issue.code !== 'unrecognized_keys') report([...prefix, ...issue.path], issue.message);
      // Name each unknown key itself, so a typo points at its own line.
      else for (const key of issue.keys) report([...prefix, ...issue.path, key], `unknown key${didYouMean(key, knownKeys)}`);
    }
  };
  const head = scenarioHeadSchema.safeParse(raw);
  if (!head.success) reportIssues([], head.error.issues);
  const rawSteps = (raw as { steps?: unknown }).steps;
  const steps = Array.isArray(rawSteps) ? rawSteps.map((rawStep, index) => parseStep(rawStep, index, report, reportIssues)) : [];
  if (!head.success) return fail((raw as { name?: unknown }).name);

  const { name, device, phones: phoneHeads, firmware, locale, deployment, users = [], policy = {}, settings = {}, provisioning } = head.data;
  const phones = resolvePhones(raw as Record<string, unknown>, { device, phones: phoneHeads, firmware, locale, settings }, data, report);
  if (!phones) return fail(name);
  const sfb = deployment?.sfb ?? 'online';
  checkPolicyApplies(['policy'], policy, sfb, report);
  const addressed = addressSteps(steps, phoneHeads === undefined ? undefined : phones, report);
  steps.forEach((step, index) => {
    const phone = phones.find((candidate) => candidate.name === addressed[index]) ?? phones[0]!;
    const context: StepContext = { locale: phone.locale, sfb, users, versionScheme: phone.versionScheme, report };
    if (step) checkStep(step, index, context);
  });

  const first = phones[0]!;
  if (problems.length > 0) return fail(name);
  return {
    ok: true,
    scenario: {
      file,
      name,
      profile: first.profile,
      firmware: first.firmware,
      versionScheme: first.versionScheme,
      locale: first.locale,
      deployment,
      users,
      policy,
      settings: first.settings,
      ...(provisioning !== undefined && { provisioning: typeof provisioning === 'string' ? { url: provisioning } : provisioning }),
      steps: steps.map((step, index) => ({
        index,
        phone: addressed[index],
        step: step!,
        line: source.lineAt(['steps', index]) ?? 0,
        source: source.sourceAt(['steps', index]),
      })),
      phones: phoneHeads === undefined ? [] : phones,
    },
  };
}

/** The scenario with each `${NAME}` of its steps and users read from `env`; a name it lacks is a problem of that field. */
function withReferences(raw: Record<string, unknown>, env: Environment, report: Report): Record<string, unknown> {
  const expanded = { ...raw };
  for (const key of referenceKeys) {
    if (raw[key] === undefined) continue;
    expanded[key] = expandReferences(raw[key], env, (path, name) =>
      report(path, `\${${name}} is not set in the environment: set ${name} (e.g. ${name}=... phone-emu run FILE), or record with --record-secrets`),
    [key]);
  }
  return expanded;
}

type PhoneHead = Pick<ScenarioHead, 'device' | 'phones' | 'firmware' | 'locale' | 'settings'>;

/**
 * The scenario's phones: one from the top level (`device`), or each of `phones:`. Undefined
 * when one cannot be resolved (a device id, a build): the steps cannot be checked against it.
 */
function resolvePhones(raw: Record<string, unknown>, head: PhoneHead, data: ProjectData, report: Report): ScenarioPhone[] | undefined {
  if (head.phones === undefined) {
    if (head.device === undefined) {
      report([], 'expected device: DEVICE-ID (one phone), or phones: { NAME: { device: DEVICE-ID } } (several)');
      return undefined;
    }
    const phone = resolvePhone('phone', { device: head.device, firmware: head.firmware, locale: head.locale, settings: head.settings }, [], data, report);
    return phone && [phone];
  }
  // With phones:, what is per phone goes under each one: a top-level one would be ambiguous.
  for (const key of ['device', 'firmware', 'locale', 'settings'] as const) {
    if (raw[key] !== undefined) report([key], `goes under each phone of phones: (phones: { a: { ${key}: ... } }), not at the top level beside it`);
  }
  const phones = Object.entries(head.phones).map(([name, phone]) => resolvePhone(name, phone, ['phones', name], data, report));
  if (phones.some((phone) => phone === undefined)) return undefined;
  const resolved = phones as ScenarioPhone[];
  for (const key of ['mac', 'serial'] as const) {
    const seen = new Map<string, string>();
    for (const phone of resolved) {
      const value = phone[key]?.toUpperCase();
      if (value === undefined) continue;
      if (seen.has(value)) report(['phones', phone.name, key], `the same ${key} as phone ${seen.get(value)}: two phones are two devices`);
      seen.set(value, phone.name);
    }
  }
  return resolved;
}

function resolvePhone(name: string, head: ScenarioPhoneHead, at: readonly PropertyKey[], data: ProjectData, report: Report): ScenarioPhone | undefined {
  const { device, firmware, settings = {}, mac, serial } = head;
  const profile = data.profiles.get(device);
  if (!profile) {
    report([...at, 'device'], `"${device}" is not a device id${didYouMean(device, [...data.profiles.keys()])}; phone-emu devices lists them`);
    return undefined;
  }
  const family = data.families.get(profile.firmwareFamily)!;
  const startingFirmware = firmwareAtStart(family, profile, firmware, (path, problem) => report([...at, ...path], problem));
  // A provisioning file serves many models: a phone ignores a parameter it does not read (Polycom's pop-up on a Yealink).
  const parameters = [...new Set([...data.profiles.values()].flatMap(deviceParameters))];
  for (const setting of Object.keys(settings)) {
    if (parameters.includes(setting)) continue;
    report([...at, 'settings', setting], `not a device parameter${didYouMean(setting, parameters)} (known: ${parameters.join(', ') || 'none'})`);
  }
  const normalized = mac === undefined ? undefined : normalizeMac(mac);
  if (mac !== undefined && normalized === undefined) report([...at, 'mac'], `"${mac}" is not a MAC address: six hex pairs such as 00:04:F2:00:00:01`);
  if (startingFirmware === undefined) return undefined;
  const formatted = normalized?.match(/../g)?.join(':');
  return { name, profile, firmware: startingFirmware, versionScheme: family.versionScheme, locale: head.locale ?? 'en-US', settings, mac: formatted, serial };
}

/**
 * Which phone each step acts on: in a multi-phone scenario, the one the last `- on: NAME`
 * before it named (docs/decisions/0012-multiphone-addressing.md); a step before any `on:`
 * names no phone and is refused. A one-phone scenario has no `on:`.
 */
function addressSteps(steps: readonly (Step | undefined)[], phones: readonly ScenarioPhone[] | undefined, report: Report): (string | undefined)[] {
  const names = phones?.map((phone) => phone.name) ?? [];
  let current: string | undefined;
  return steps.map((step, index) => {
    if (step?.kind === 'on') {
      if (phones === undefined) report(['steps', index, 'on'], 'on: addresses a phone of phones:, and this scenario has one phone (device:); drop the step');
      else if (!names.includes(step.value)) report(['steps', index, 'on'], `no phone "${step.value}" in phones:${didYouMean(step.value, names)} (phones: ${names.join(', ')})`);
      else current = step.value;
      return phones === undefined ? undefined : step.value;
    }
    if (phones !== undefined && current === undefined && step !== undefined) {
      report(['steps', index], `names no phone: a scenario with phones: says which phone first, with "- on: ${names[0]}" (phones: ${names.join(', ')})`);
    }
    return current;
  });
}

type ReportIssues = (prefix: readonly PropertyKey[], issues: readonly z.core.$ZodIssue[]) => void;

/** The build named by `firmware:` as the catalog spells it, else the newest certified one. */
function firmwareAtStart(family: FirmwareFamily, profile: DeviceProfile, firmware: string | undefined, report: Report): string | undefined {
  if (firmware === undefined) {
    const newest = newestCertified(family, profile)?.version;
    if (newest === undefined) report(['firmware'], `no certified build of ${family.family} runs on ${profile.id}: name one`);
    return newest;
  }
  const build = resolveBuild(family, firmware);
  if (typeof build !== 'string') return build.version;
  report(['firmware'], build);
  return undefined;
}

/** A step is a mapping with exactly one key, a step name, whose value that step's schema accepts. */
function parseStep(raw: unknown, index: number, report: Report, reportIssues: ReportIssues): Step | undefined {
  const at = ['steps', index];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report(at, 'expected one "key: value", e.g. "- press: Update"');
    return undefined;
  }
  const keys = Object.keys(raw);
  // The other way to address a phone, refused by name (docs/decisions/0012-multiphone-addressing.md).
  if (keys.includes('phone')) {
    report([...at, 'phone'], 'a step does not carry phone:; address a phone with a step of its own before it: "- on: NAME" (the steps after it act on that phone)');
    return undefined;
  }
  if (keys.length !== 1) {
    report(at, keys.length === 0 ? 'an empty step' : `a step has exactly one key, this one has ${keys.join(', ')}: put each on its own "- " line`);
    return undefined;
  }
  const kind = keys[0]!;
  if (!(stepNames as string[]).includes(kind)) {
    report([...at, kind], `unknown step${didYouMean(kind, stepNames)}; steps are ${stepNames.join(', ')}`);
    return undefined;
  }
  const result = stepSchemas[kind as StepName].safeParse((raw as Record<string, unknown>)[kind]);
  if (!result.success) {
    reportIssues([...at, kind], result.error.issues);
    return undefined;
  }
  return { kind, value: result.data } as Step;
}

import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { newestCertified, resolveBuild } from '../core/catalog.js';
import { keyNames, type DeviceProfile, type DeviceSettings } from '../core/device-profile.js';
import { locales, type Locale } from '../core/messages/index.js';
import { allSoftkeyLabels } from '../core/screen.js';
import { parseVersion, type VersionSchemeName } from '../core/version.js';
import { fieldPath } from '../profiles/data-error.js';
import type { ProjectData } from '../profiles/load-data.js';
import { didYouMean } from './closest.js';
import type { PolicyValues } from './policy-names.js';
import {
  expectKeys,
  scenarioHeadSchema,
  serverActions,
  stepNames,
  stepSchemas,
  type Deployment,
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
  readonly steps: readonly ScenarioStep[];
}

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly file: string; readonly name: string | undefined; readonly problems: readonly ScenarioProblem[] };

/** Reads and validates one scenario file; `file` is the path as the user should see it. */
export function loadScenarioFile(path: string, file: string, data: ProjectData): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, file, name: undefined, problems: [{ file, field: '', problem: `cannot read it: ${(error as Error).message}` }] };
  }
  return parseScenario(text, file, data);
}

/** Every key the format knows, for "did you mean" hints on a typo at any level. */
const knownKeys = [
  ...Object.keys(scenarioHeadSchema.shape),
  ...stepNames,
  ...expectKeys,
  ...serverActions,
  'upn', 'password', 'licenses', 'extension', 'pin', 'sfb', 'exchange', 'mfa', 'method', 'user', 'phoneLockPin', 'account', 'pair', 'os',
];

export function parseScenario(text: string, file: string, data: ProjectData): LoadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: ScenarioProblem[] = [];
  const fail = (name?: unknown): LoadResult => ({
    ok: false,
    file,
    name: typeof name === 'string' ? name : undefined,
    problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
      problems.push({ file, field: '', problem: `not valid YAML: ${error.message.split('\n')[0]}`, line });
    }
    return fail();
  }
  keepNumbersAsWritten(document);
  const raw: unknown = document.toJS();
  const lineOf = (path: readonly PropertyKey[]) => lineAt(document, lineCounter, path);
  const report = (path: readonly PropertyKey[], problem: string) => problems.push({ file, field: fieldPath(path), problem, line: lineOf(path) });
  const reportIssues = (prefix: readonly PropertyKey[], issues: readonly z.core.$ZodIssue[]) => {
    for (const issue of issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) report([...prefix, ...issue.path, key], `unknown key${didYouMean(key, knownKeys)}`);
      } else {
        report([...prefix, ...issue.path], issue.message);
      }
    }
  };

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ file, field: '', problem: 'expected a scenario: a mapping with name, device and steps' });
    return fail();
  }
  const head = scenarioHeadSchema.safeParse(raw);
  if (!head.success) reportIssues([], head.error.issues);
  const rawSteps = (raw as { steps?: unknown }).steps;
  const steps = Array.isArray(rawSteps)
    ? rawSteps.map((rawStep, index) => parseStep(rawStep, index, report, reportIssues))
    : [];
  if (!head.success) return fail((raw as { name?: unknown }).name);

  const { name, device, firmware, locale, deployment, users = [], policy = {}, settings = {} } = head.data;
  const profile = data.profiles.get(device);
  if (!profile) {
    report(['device'], `"${device}" is not a device id${didYouMean(device, [...data.profiles.keys()])}; phone-emu devices lists them`);
    return fail(name);
  }
  const family = data.families.get(profile.firmwareFamily)!;
  let startingFirmware = newestCertified(family, profile)?.version;
  if (firmware !== undefined) {
    const build = resolveBuild(family, firmware);
    if (typeof build === 'string') report(['firmware'], build);
    else startingFirmware = build.version;
  }
  if (startingFirmware === undefined) report(['firmware'], `no certified build of ${family.family} runs on ${device}: name one`);
  for (const setting of Object.keys(settings)) {
    if (!Object.hasOwn(profile.settings, setting)) {
      const known = Object.keys(profile.settings);
      report(['settings', setting], `not a parameter of ${device}${didYouMean(setting, known)} (its parameters: ${known.join(', ') || 'none'})`);
    }
  }
  const context: StepContext = { locale, users, versionScheme: family.versionScheme, report };
  steps.forEach((step, index) => step && checkStep(step, index, context));

  if (problems.length > 0) return fail(name);
  return {
    ok: true,
    scenario: {
      file,
      name,
      profile,
      firmware: startingFirmware!,
      versionScheme: family.versionScheme,
      locale,
      deployment,
      users,
      policy,
      settings,
      steps: steps.map((step, index) => ({
        index,
        step: step!,
        line: lineOf(['steps', index]) ?? 0,
        source: sourceOf(document, text, ['steps', index]),
      })),
    },
  };
}

type Report = (path: readonly PropertyKey[], problem: string) => void;

function parseStep(
  raw: unknown,
  index: number,
  report: Report,
  reportIssues: (prefix: readonly PropertyKey[], issues: readonly z.core.$ZodIssue[]) => void,
): Step | undefined {
  const at = ['steps', index];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report(at, 'expected one "key: value", e.g. "- press: Update"');
    return undefined;
  }
  const keys = Object.keys(raw);
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

interface StepContext {
  readonly locale: Locale;
  readonly users: readonly ScenarioUser[];
  readonly versionScheme: VersionSchemeName;
  readonly report: Report;
}

/** What the schema cannot know: labels of this locale, versions of this vendor, users of this tenant. */
function checkStep(step: Step, index: number, context: StepContext): void {
  const at = ['steps', index, step.kind];
  const { report } = context;
  const checkVersion = (path: readonly PropertyKey[], version: string) => {
    const parsed = parseVersion(context.versionScheme, version);
    if (typeof parsed === 'string') report(path, parsed);
  };
  const checkUser = (path: readonly PropertyKey[], upn: string) => {
    if (context.users.some((user) => user.upn === upn)) return;
    const known = context.users.map((user) => user.upn);
    report(path, known.length === 0 ? `"${upn}" is not a user: this scenario lists no users` : `"${upn}" is not one of this scenario's users (${known.join(', ')})`);
  };
  switch (step.kind) {
    case 'press': {
      const labels = allSoftkeyLabels(context.locale);
      if ((keyNames as readonly string[]).includes(step.value) || labels.includes(step.value)) return;
      report(at, `"${step.value}" is not a key or a softkey label${labelHint(step.value, context.locale)}; keys: ${keyNames.join(' ')}; softkeys in ${context.locale}: ${labels.join(', ')}`);
      return;
    }
    case 'signIn':
      if (step.value.user !== undefined) checkUser([...at, 'user'], step.value.user);
      else if (step.value.method !== 'web' && context.users.length === 0) {
        report(at, 'needs a user: name one with user:, or list users: (the first is the default)');
      }
      return;
    case 'browser':
      if (step.value.user !== undefined) checkUser([...at, 'user'], step.value.user);
      else if (context.users.length === 0) report(at, 'needs a user: name one with user:, or list users: (the first is the default)');
      return;
    case 'pc':
      if (typeof step.value === 'object' && step.value.signIn !== undefined) checkUser([...at, 'signIn'], step.value.signIn);
      return;
    case 'expect':
      if (step.value.firmware !== undefined) checkVersion([...at, 'firmware'], step.value.firmware);
      if (typeof step.value.signedIn === 'string') checkUser([...at, 'signedIn'], step.value.signedIn);
      return;
    case 'server':
      for (const action of ['publish', 'approve', 'provisioning'] as const) {
        const version = step.value[action];
        if (version !== undefined) checkVersion([...at, action], version);
      }
      return;
    default:
      return;
  }
}

/** "did you mean", or the same softkey's label in this locale when the label is another locale's. */
function labelHint(label: string, locale: Locale): string {
  const labels = allSoftkeyLabels(locale);
  for (const other of locales) {
    const index = allSoftkeyLabels(other).indexOf(label);
    if (other !== locale && index >= 0) return ` (that is its ${other} label: in ${locale} it is "${labels[index]}")`;
  }
  return didYouMean(label, [...labels, ...keyNames]);
}

/**
 * YAML reads 0044 as 44 and 5.10 as 5.1. A plain number whose text would change that way
 * is kept as the text written, so PINs, phone numbers and versions survive unquoted.
 */
function keepNumbersAsWritten(document: Document): void {
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && node.source !== undefined && String(node.value) !== node.source) node.value = node.source;
    },
  });
}

/** The line of the node at `path`, or of its nearest ancestor that exists. */
function lineAt(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

/** The text of the node at `path` as written, whitespace folded onto one line. */
function sourceOf(document: Document, text: string, path: readonly PropertyKey[]): string {
  const range = (document.getIn(path, true) as { range?: [number, number, number] } | undefined)?.range;
  return range ? text.slice(range[0], range[1]).replace(/\s+/g, ' ').trim() : '';
}

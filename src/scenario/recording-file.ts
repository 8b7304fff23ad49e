import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Document, isMap, isSeq } from 'yaml';
import { packageRoot } from '../profiles/paths.js';
import { escapeReferences } from './env-references.js';

/** A PIN or password as the recorder keeps it until the file is written: a ${NAME} reference, or in clear with --record-secrets. */
export interface SecretValue {
  /** The variable family: PASSWORD, PIN, LOCK_PIN, ADMIN_CODE. */
  readonly secret: string;
  readonly value: string;
  /** What it is, for the header: "amosm@contoso.com's password". */
  readonly what: string;
}

export interface RecordingContent {
  readonly file: string;
  readonly command: string;
  readonly secrets: boolean;
  readonly notes: readonly string[];
  readonly head: Readonly<Record<string, unknown>>;
  readonly steps: readonly Readonly<Record<string, unknown>>[];
}

const isSecret = (value: unknown): value is SecretValue =>
  typeof value === 'object' && value !== null && 'secret' in value && 'value' in value && 'what' in value;

/** Gives each distinct secret of a family one variable: PHONE_EMU_PIN, then PHONE_EMU_PIN_2 for another value. */
class SecretNames {
  readonly #names = new Map<string, string>();
  readonly #counts = new Map<string, number>();
  readonly listed: { readonly name: string; readonly what: string }[] = [];

  nameOf({ secret, value, what }: SecretValue): string {
    const key = `${secret}\n${value}`;
    const known = this.#names.get(key);
    if (known) return known;
    const count = (this.#counts.get(secret) ?? 0) + 1;
    this.#counts.set(secret, count);
    const name = `PHONE_EMU_${secret}${count === 1 ? '' : `_${count}`}`;
    this.#names.set(key, name);
    this.listed.push({ name, what });
    return name;
  }
}

/** Every string as the runner will read it back: `${` escaped, secrets as references (or in clear). */
function resolveValues(value: unknown, names: SecretNames, secrets: boolean): unknown {
  if (isSecret(value)) return secrets ? escapeReferences(value.value) : `\${${names.nameOf(value)}}`;
  if (typeof value === 'string') return escapeReferences(value);
  if (Array.isArray(value)) return value.map((item) => resolveValues(item, names, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveValues(item, names, secrets)]));
  }
  return value;
}

/** The editor's schema comment, relative to where the file is written. */
function schemaComment(file: string): string {
  const schema = relative(dirname(resolve(file)), join(packageRoot(), 'schema', 'scenario.schema.json')).split(sep).join('/');
  return `# yaml-language-server: $schema=${schema.startsWith('.') ? schema : `./${schema}`}`;
}

/** The recording as YAML: a header that says how it was made and which variables it reads, then the scenario. */
export function recordingText(content: RecordingContent): string {
  const names = new SecretNames();
  const head = resolveValues(content.head, names, content.secrets) as Record<string, unknown>;
  const steps = resolveValues(content.steps, names, content.secrets) as unknown[];
  const document = new Document({ ...head, steps });
  // One line a step and a user, as the example scenarios are written.
  const steps_ = document.get('steps');
  if (isSeq(steps_)) for (const step of steps_.items) if (isMap(step)) for (const pair of step.items) if (isMap(pair.value) || isSeq(pair.value)) pair.value.flow = true;
  const users = document.get('users');
  if (isSeq(users)) for (const user of users.items) if (isMap(user)) user.flow = true;
  const header = [
    schemaComment(content.file),
    `# Recorded by ${content.command}; replay it with: phone-emu run ${content.file}`,
    ...secretLines(content.secrets, names.listed),
    ...content.notes.map((note) => `# Not recorded: ${note}`),
  ];
  return `${header.join('\n')}\n${document.toString({ lineWidth: 0 })}`;
}

function secretLines(secrets: boolean, listed: readonly { readonly name: string; readonly what: string }[]): string[] {
  if (listed.length === 0) return secrets ? ['# Written with --record-secrets (no PIN or password was needed).'] : [];
  if (secrets) return ['# Written with --record-secrets: the PINs and passwords below are in clear.'];
  const width = Math.max(...listed.map((entry) => entry.name.length));
  return [
    '# No PIN or password is written here: each is a ${NAME} read from the environment when the scenario runs:',
    ...listed.map((entry) => `#   ${entry.name.padEnd(width)}  ${entry.what}`),
    `# e.g. ${listed.map((entry) => `${entry.name}=...`).join(' ')} phone-emu run FILE`,
  ];
}

/** Writes the file whole or not at all: a temporary file beside it, then a rename over it. */
export function writeRecording(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new Error(`--record ${file}: cannot write it: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Firmware versions, compared by each vendor's own scheme.
 *
 * Every scheme is dotted numbers with vendor dressing: Polycom `5.4.0A` (a letter
 * revision), Yealink `35.8.0.5` (the first number names the model, not the age),
 * AudioCodes `UC_3.0.0.459.1` (an optional `UC…_` prefix), LPE `4.0.7577.4463`.
 */

export const versionSchemeNames = ['polycom', 'yealink', 'audiocodes', 'lpe'] as const;
export type VersionSchemeName = (typeof versionSchemeNames)[number];

interface VersionScheme {
  /** Dressing stripped before the numbers are read. */
  readonly prefix?: RegExp;
  /** The first number identifies the model line: versions of different lines do not compare. */
  readonly leadingModelNumber: boolean;
  /** What a valid version looks like, for error messages. */
  readonly example: string;
}

const schemes: Record<VersionSchemeName, VersionScheme> = {
  polycom: { leadingModelNumber: false, example: '5.9.5.0614' },
  yealink: { leadingModelNumber: true, example: '35.8.0.5' },
  audiocodes: { prefix: /^UC[0-9A-Z]*_/i, leadingModelNumber: false, example: 'UC_3.0.0.459.1' },
  lpe: { leadingModelNumber: false, example: '4.0.7577.4463' },
};

export interface ParsedVersion {
  readonly parts: readonly number[];
  /** A letter revision after the numbers (Polycom `5.4.0A`), '' when none. */
  readonly revision: string;
}

const versionBody = /^(\d{1,9}(?:\.\d{1,9}){1,5})([A-Za-z]?)$/;

/**
 * Versions already read, by scheme and text: a server compares the same few builds for
 * every phone that asks, thousands of times a second. Bounded, as phones may send anything.
 */
const parsedVersions = new Map<string, ParsedVersion | string>();
const maxParsedVersions = 4096;

/** Parses a version, or returns an error message naming what is wrong. */
export function parseVersion(scheme: VersionSchemeName, text: string): ParsedVersion | string {
  const key = `${scheme} ${text}`;
  let parsed = parsedVersions.get(key);
  if (parsed === undefined) {
    if (parsedVersions.size >= maxParsedVersions) parsedVersions.clear();
    parsed = readVersion(scheme, text);
    parsedVersions.set(key, parsed);
  }
  return parsed;
}

function readVersion(scheme: VersionSchemeName, text: string): ParsedVersion | string {
  const { prefix, example } = schemes[scheme];
  const body = prefix ? text.trim().replace(prefix, '') : text.trim();
  const match = versionBody.exec(body);
  if (!match) return `"${text}" is not a ${scheme} version (for example ${example})`;
  // Frozen: one parsed copy is handed to every caller.
  return Object.freeze({ parts: Object.freeze(match[1]!.split('.').map(Number)), revision: (match[2] ?? '').toUpperCase() });
}

function parseOrThrow(scheme: VersionSchemeName, text: string): ParsedVersion {
  const parsed = parseVersion(scheme, text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/** True when both versions belong to the same model line (always, except Yealink's prefixes). */
export function sameVersionLine(scheme: VersionSchemeName, a: string, b: string): boolean {
  if (!schemes[scheme].leadingModelNumber) return true;
  return parseOrThrow(scheme, a).parts[0] === parseOrThrow(scheme, b).parts[0];
}

/** Negative when a is older than b, 0 when the same build, positive when newer. */
export function compareVersions(scheme: VersionSchemeName, a: string, b: string): number {
  const left = parseOrThrow(scheme, a);
  const right = parseOrThrow(scheme, b);
  const length = Math.max(left.parts.length, right.parts.length);
  for (let i = 0; i < length; i += 1) {
    const diff = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (left.revision === right.revision) return 0;
  return left.revision < right.revision ? -1 : 1;
}

export function sameVersion(scheme: VersionSchemeName, a: string, b: string): boolean {
  return compareVersions(scheme, a, b) === 0;
}

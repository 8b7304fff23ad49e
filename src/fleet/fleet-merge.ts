import { z } from 'zod';
import { findBuild } from '../core/catalog.js';
import { compareVersions } from '../core/version.js';
import type { ProjectData } from '../profiles/load-data.js';
import type { FleetSummary } from './fleet.js';
import { shardRange, type Shard } from './fleet-slices.js';
import type { SignInTally } from './sign-in-waves.js';

/** Adds up counts by key, keeping the order keys are first seen in. */
function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
}

/**
 * Firmware counts in the order a fleet prints them: family by family (by name), each
 * family's builds oldest first by its vendor's scheme. A version no family has goes last.
 */
export function orderedFirmware(data: ProjectData, counts: Record<string, number>): Record<string, number> {
  const families = [...data.families.values()].sort((a, b) => a.family.localeCompare(b.family));
  const placed = Object.keys(counts).map((version, seen) => ({ version, seen, family: families.find((family) => findBuild(family, version)) }));
  placed.sort((a, b) => {
    if (!a.family || !b.family) return (a.family ? 0 : 1) - (b.family ? 0 : 1) || a.seen - b.seen;
    if (a.family !== b.family) return a.family.family.localeCompare(b.family.family);
    return compareVersions(a.family.versionScheme, a.version, b.version);
  });
  return Object.fromEntries(placed.map(({ version }) => [version, counts[version]!]));
}

/**
 * One summary for the slices of one fleet (workers of one process, or shards of several
 * machines): counts add up, virtual and wall time are the longest slice's (they ran side
 * by side), peak memory is the sum (each slice was a process of its own).
 */
export function mergeSummaries(data: ProjectData, parts: readonly FleetSummary[]): FleetSummary {
  const firmware: Record<string, number> = {};
  const failures: Record<string, number> = {};
  let signIn: { signedIn: number; failures: Record<string, number>; pending: number } | undefined;
  let calls: { connected: number; refused: number; failures: Record<string, number>; pending: number } | undefined;
  for (const part of parts) {
    if (part.calls) {
      calls ??= { connected: 0, refused: 0, failures: {}, pending: 0 };
      calls.connected += part.calls.connected;
      calls.refused += part.calls.refused;
      calls.pending += part.calls.pending;
      addCounts(calls.failures, part.calls.failures);
    }
    addCounts(firmware, part.firmware);
    addCounts(failures, part.failures);
    if (part.signIn) {
      signIn ??= { signedIn: 0, failures: {}, pending: 0 };
      signIn.signedIn += part.signIn.signedIn;
      signIn.pending += part.signIn.pending;
      addCounts(signIn.failures, part.signIn.failures);
    }
  }
  const sum = (field: 'phones' | 'connected' | 'converged' | 'failed' | 'peakRssBytes') => parts.reduce((total, part) => total + part[field], 0);
  const longest = (field: 'virtualMs' | 'wallMs') => parts.reduce((most, part) => Math.max(most, part[field]), 0);
  return {
    phones: sum('phones'),
    rollout: parts.some((part) => part.rollout),
    connected: sum('connected'),
    converged: sum('converged'),
    failed: sum('failed'),
    firmware: orderedFirmware(data, firmware),
    failures,
    virtualMs: longest('virtualMs'),
    interrupted: parts.some((part) => part.interrupted),
    wallMs: longest('wallMs'),
    peakRssBytes: sum('peakRssBytes'),
    ...(signIn ? { signIn: signIn as SignInTally } : {}),
    ...(calls ? { calls } : {}),
  };
}

const count = z.number().int().nonnegative();
const counts = z.record(z.string(), count);

/** What `phone-emu fleet --shard i/n --json` prints on its last line. */
const shardSummarySchema = z.object({
  phones: count,
  connected: count,
  converged: count,
  failed: count,
  firmware: counts,
  failures: counts,
  virtualMs: count,
  wallMs: count,
  peakRssBytes: count,
  signIn: z.object({ signedIn: count, failures: counts, pending: count }).optional(),
  calls: z.object({ connected: count, refused: count, failures: counts, pending: count }).optional(),
  interrupted: z.boolean().optional(),
  rollout: z.boolean(),
  shard: z.object({ index: z.number().int().positive(), of: z.number().int().positive(), fleetPhones: count }),
});

export type ShardSummary = FleetSummary & { readonly shard: Shard & { readonly fleetPhones: number } };

/** A shard summary file that cannot be merged: the message names what is wrong, the file is named by the caller. */
export class ShardSummaryError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads one shard's JSON summary: the last non-empty line of the text (`--json` prints it last). */
export function parseShardSummary(file: string, text: string): ShardSummary {
  const last = text.trim().split('\n').at(-1) ?? '';
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    throw new ShardSummaryError(file, 'its last line is not JSON (write it with phone-emu fleet --shard I/N --json > FILE)');
  }
  const parsed = shardSummarySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the summary';
    const hint = issue.path[0] === 'shard' || issue.path[0] === 'rollout' ? ' (is it from phone-emu fleet --shard I/N --json?)' : '';
    throw new ShardSummaryError(file, `${where}: ${issue.message}${hint}`);
  }
  const { shard, interrupted, signIn, calls, ...rest } = parsed.data;
  if (shard.index > shard.of) throw new ShardSummaryError(file, `shard ${shard.index}/${shard.of} is not a shard (I above N)`);
  const range = shardRange(shard.fleetPhones, shard);
  if (rest.phones !== range.to - range.from) {
    throw new ShardSummaryError(file, `shard ${shard.index}/${shard.of} of ${shard.fleetPhones} phones has ${range.to - range.from} phones, but the summary counts ${rest.phones}`);
  }
  return { ...rest, interrupted: interrupted ?? false, ...(signIn ? { signIn } : {}), ...(calls ? { calls } : {}), shard };
}

/** Checks that the shards are every slice of one fleet, once each; returns them in shard order. */
export function checkShards(shards: readonly { file: string; summary: ShardSummary }[]): ShardSummary[] {
  const first = shards[0]!;
  const byIndex = new Map<number, string>();
  for (const { file, summary } of shards) {
    const { index, of, fleetPhones } = summary.shard;
    if (of !== first.summary.shard.of || fleetPhones !== first.summary.shard.fleetPhones) {
      throw new ShardSummaryError(
        file,
        `shard ${index}/${of} of ${fleetPhones} phones is not of the same fleet as ${first.file} (shard ${first.summary.shard.index}/${first.summary.shard.of} of ${first.summary.shard.fleetPhones} phones)`,
      );
    }
    const twin = byIndex.get(index);
    if (twin !== undefined) throw new ShardSummaryError(file, `shard ${index}/${of} is given twice (also ${twin})`);
    byIndex.set(index, file);
  }
  const { of } = first.summary.shard;
  const missing = Array.from({ length: of }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw new ShardSummaryError(first.file, `the fleet has ${of} shards; missing: ${missing.map((index) => `${index}/${of}`).join(', ')}`);
  }
  return [...shards].sort((a, b) => a.summary.shard.index - b.summary.shard.index).map(({ summary }) => summary);
}

import { allocate, type MixShare } from './device-mix.js';

/** Phones [from, to) of a fleet, by their index in the whole fleet (0-based). */
export interface PhoneRange {
  readonly from: number;
  readonly to: number;
}

/** `--shard i/n`: the i-th of n slices of a fleet (1-based, as a CI matrix or an indexed job counts). */
export interface Shard {
  readonly index: number;
  readonly of: number;
}

export class ShardError extends Error {}

/** Parses `--shard i/n`: whole numbers, 1 <= i <= n. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const of = Number(match?.[2]);
  if (!match || of < 1 || index < 1 || index > of) {
    throw new ShardError(`--shard: "${text}" is not I/N with 1 <= I <= N (e.g. 2/4: the second of four slices)`);
  }
  return { index, of };
}

/**
 * The `part`-th (0-based) of `parts` near-equal contiguous slices of `range`. Slices of a
 * slice are slices of the whole, so a phone's index (and with it its MAC) is the same
 * however the fleet is cut into shards and workers.
 */
export function sliceOf(range: PhoneRange, part: number, parts: number): PhoneRange {
  const size = range.to - range.from;
  return { from: range.from + Math.floor((part * size) / parts), to: range.from + Math.floor(((part + 1) * size) / parts) };
}

/** The phones of shard i/n of a fleet of `count`. */
export function shardRange(count: number, shard: Shard | undefined): PhoneRange {
  return shard ? sliceOf({ from: 0, to: count }, shard.index - 1, shard.of) : { from: 0, to: count };
}

/**
 * The model of each phone of `range`, with its index in the whole fleet: the mix is
 * allocated over the whole fleet (model by model, in the mix's order), then cut.
 */
export function* phoneSlots(mix: readonly MixShare[], count: number, range: PhoneRange): Generator<{ profileId: string; index: number }> {
  let first = 0;
  for (const { profileId, count: ofModel } of allocate(mix, count)) {
    const from = Math.max(first, range.from);
    const to = Math.min(first + ofModel, range.to);
    for (let index = from; index < to; index += 1) yield { profileId, index };
    first += ofModel;
  }
}

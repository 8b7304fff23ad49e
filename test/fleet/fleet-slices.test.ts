import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityFor } from '../../src/phone/create-phone.js';
import { parseShard, phoneSlots, shardRange, sliceOf, ShardError } from '../../src/fleet/fleet-slices.js';
import { defaultWorkers, embeddedServerHolds, workersNeeded } from '../../src/fleet/fleet-workers.js';
import { projectData } from '../helpers/data.js';

const ids = [...projectData().profiles.keys()].sort();

/** A mix of 1-4 models in whole-percent shares adding up to 100. */
const mixes = fc
  .uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 4 })
  .chain((models) =>
    fc.array(fc.integer({ min: 1, max: 10 }), { minLength: models.length, maxLength: models.length }).map((weights) => {
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      return models.map((profileId, index) => ({ profileId, percent: (weights[index]! / total) * 100 }));
    }),
  );

/** Every phone of the fleet, cut into `shards` shards of `workers` workers each, as MACs: slice by slice. */
function macsBySlice(mix: { profileId: string; percent: number }[], count: number, shards: number, workers: number): string[][] {
  const slices: string[][] = [];
  for (let shard = 1; shard <= shards; shard += 1) {
    const range = shardRange(count, { index: shard, of: shards });
    for (let part = 0; part < workers; part += 1) {
      const slice = sliceOf(range, part, workers);
      slices.push([...phoneSlots(mix, count, slice)].map(({ profileId, index }) => identityFor(projectData().profiles.get(profileId)!, index + 1).mac));
    }
  }
  return slices;
}

describe('fleet slices: shards and workers', () => {
  it('give every phone the MAC it has in the whole fleet, once, whatever the split', () => {
    fc.assert(
      fc.property(mixes, fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), (mix, count, shards, workers) => {
        const whole = macsBySlice(mix, count, 1, 1)[0]!;
        const slices = macsBySlice(mix, count, shards, workers);
        // The slices, in order, are the whole fleet: disjoint, nothing lost, the same MAC for the same phone.
        expect(slices.flat()).toEqual(whole);
        expect(new Set(whole).size).toBe(count);
        // Near-equal slices: no worker gets more than one phone above another.
        const sizes = slices.map((slice) => slice.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(shards > 1 && workers > 1 ? 2 : 1);
      }),
      { numRuns: 60 },
    );
  });

  it('parses --shard I/N with 1 <= I <= N and refuses anything else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), (index, of) => {
        if (index <= of) expect(parseShard(`${index}/${of}`)).toEqual({ index, of });
        else expect(() => parseShard(`${index}/${of}`)).toThrow(ShardError);
      }),
    );
    for (const text of ['0/3', '1/0', '1', '1/2/3', '-1/2', 'a/b', ' /2', '1.5/2']) expect(() => parseShard(text), text).toThrow(ShardError);
  });

  it('runs in one process by default, two only past what one may hold', () => {
    expect(defaultWorkers(3, 20_000)).toBe(1);
    expect(defaultWorkers(19_000, 20_000)).toBe(1);
    expect(defaultWorkers(20_000, 20_000)).toBe(2);
    expect(defaultWorkers(40_000, 20_000)).toBe(3);
    expect(defaultWorkers(10_000, undefined)).toBe(1);
  });

  it("counts both ends of each phone's socket when the fleet's own server runs in its process", () => {
    // One process: two files a phone. Two: the server's end of every phone, and this process's half.
    expect(embeddedServerHolds(1, 20_000)).toBe(9_968);
    expect(embeddedServerHolds(2, 20_000)).toBe(13_290);
  });

  it('asks for enough workers that none holds more sockets than the open-files limit', () => {
    expect(workersNeeded(20_000, 1, 20_000)).toBe(2);
    expect(workersNeeded(20_000, 2, 20_000)).toBe(2);
    expect(workersNeeded(3, 8, 20_000)).toBe(3);
    expect(workersNeeded(10, 2, undefined)).toBe(2);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 100, max: 50_000 }), (phones, asked, limit) => {
        const workers = workersNeeded(phones, asked, limit);
        expect(Math.ceil(phones / workers)).toBeLessThan(limit);
        expect(workers).toBeLessThanOrEqual(Math.max(asked, Math.ceil(phones / (limit - 64))));
      }),
    );
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { simulateThrottling } from '../src/budget/throttling.js';
import { planWorkload, type Plan } from '../src/plan/index.js';
import { simulate, simulatedModeOf } from '../src/sim/index.js';
import { parseWorkload } from '../src/workload/parse.js';
import type { Workload } from '../src/workload/schema.js';
import { trafficSchema } from '../src/workload/traffic-schema.js';
import { loadShippedPricing, US_EAST_1 } from './pricing/shipped.js';

// One model of the pipeline: the plan works the stream out once (its load, the Kinesis records aggregation makes,
// its readers, its shard count); the delivery stages, the simulator and `check` read it. These tests hold every
// reader of the plan to the plan's own figures, for generated workloads and for every example.

const MiB = 1024 * 1024;
const PRICING = loadShippedPricing(US_EAST_1);

const arbStream = fc.record({
  size: fc.integer({ min: 50, max: 20_000 }),
  rate: fc.integer({ min: 10, max: 20_000 }),
  peakFactor: fc.constantFrom(1, 1.5, 3),
  keys: fc.constantFrom(1_000, 50_000),
  headroom: fc.constantFrom(0, 0.2, 0.5),
  aggregation: fc.constantFrom('none', 'kpl'),
  instances: fc.integer({ min: 1, max: 20 }),
  consumers: fc.array(
    fc.record({ type: fc.constantFrom('polling', 'lambda', 'efo'), pollMs: fc.constantFrom(undefined, 500, 1000, 2000) }),
    { maxLength: 3 },
  ),
  firehose: fc.boolean(),
  flink: fc.constantFrom(undefined, 'polling', 'efo'),
  growth: fc.constantFrom(undefined, 0.05),
});

type StreamCase = typeof arbStream extends fc.Arbitrary<infer T> ? T : never;

function workloadOf(c: StreamCase): Workload {
  const doc = {
    version: 1,
    name: 'generated',
    streams: [
      {
        name: 's',
        headroom: c.headroom,
        records: { size: c.size, rate: c.rate, peak: `${c.peakFactor}x`, ...(c.growth !== undefined ? { growth: c.growth } : {}) },
        partitionKeys: { distinct: c.keys, length: 36 },
        producer: { aggregation: c.aggregation, instances: c.instances },
        consumers: c.consumers.map((r, i) => ({
          name: `c${i}`,
          type: r.type,
          ...(r.type !== 'efo' && r.pollMs !== undefined ? { pollInterval: `${r.pollMs}ms` } : {}),
        })),
      },
    ],
    firehose: c.firehose ? [{ name: 'f', source: { stream: 's' }, destination: 's3' }] : [],
    flink: c.flink ? [{ name: 'app', source: { stream: 's', type: c.flink }, kpus: 2 }] : [],
  };
  return parseWorkload(stringify(doc), 'generated.yaml');
}

/** Steady traffic at the declared peak: evenly spaced arrivals, no bursts, no retries. */
function steadyAtPeak(w: Workload): Workload {
  const traffic = trafficSchema.parse({ arrivals: 'uniform', client: { model: 'none' } });
  return { ...w, streams: w.streams.map((s) => ({ ...s, traffic })) };
}

describe('the plan, its stages, the simulator and check describe one stream', () => {
  it('agree on Kinesis records per second, readers and the shard count in use (generated workloads)', () => {
    fc.assert(
      fc.property(arbStream, (c) => {
        const w = workloadOf(c);
        const plan = planWorkload(w);
        const s = plan.streams[0]!;
        const sim = simulate(w, plan, { seed: 1, durationSec: 2 }).streams[0]!;
        // Shards: the simulator runs the plan's count (provisioned: unpriced, no capacityMode).
        expect(sim.mode).toBe('provisioned');
        expect(sim.shards.initial).toBe(s.shards.planned);
        // Kinesis records: the simulator offers the plan's peak (no traffic block), shaped by the plan's aggregation.
        expect(s.load.peak.recordsPerSec / sim.userRecordsPerKinesisRecord).toBeCloseTo(s.demand.peak.kinesisRecordsPerSec, 6);
        expect(sim.kinesisRecordBytes * s.demand.peak.kinesisRecordsPerSec).toBeCloseTo(s.demand.peak.writeBytesPerSec, 3);
        // Readers: every reader the plan counts (consumers, Firehose, Flink) is simulated, with its kind.
        expect(sim.consumers.map((r) => [r.name, r.type])).toEqual(s.readers.map((r) => [r.name, r.type]));
        // Stages read the stream's plan.
        for (const f of plan.firehose) {
          expect(f.source.shards).toBe(s.shards.planned);
          expect(f.source.recordsPerSec).toBe(s.load.average.recordsPerSec);
        }
        for (const f of plan.flink) {
          expect(f.sourceBytesPerSec).toBeCloseTo(s.load.peak.recordsPerSec * (c.size + 36), 6);
          if (f.horizon) expect(f.horizon.sourceBytesPerSec).toBeCloseTo(s.load.horizonPeak.recordsPerSec * (c.size + 36), 6);
        }
        // check simulates the same streams at the same counts, in the same mode.
        const t = simulateThrottling(w, plan, { durationSec: 2, seed: 1 })[0]!;
        expect(t.shards).toBe(s.shards.planned);
        expect(t.mode).toBe(simulatedModeOf(s));
        expect(t.throttledShare).toBe(sim.throttledShare);
      }),
      { numRuns: 40 },
    );
  });

  it('offers the plan\'s Kinesis records: steady traffic at the peak delivers peak × duration ÷ records per aggregate', () => {
    fc.assert(
      fc.property(arbStream, (c) => {
        const w = steadyAtPeak(workloadOf({ ...c, rate: Math.min(c.rate, 5000) }));
        const plan = planWorkload(w);
        const s = plan.streams[0]!;
        const durationSec = 5;
        const sim = simulate(w, plan, { seed: 1, durationSec }).streams[0]!;
        // Uniform arrivals carry fractions between steps, per shard: at most one record per shard is left unsent.
        const expected = s.demand.peak.kinesisRecordsPerSec * durationSec;
        expect(Math.abs(sim.records.offered - expected)).toBeLessThanOrEqual(s.shards.planned + 1);
      }),
      { numRuns: 25 },
    );
  });

  it('prices today with today and the horizon with the horizon: totals never mix the two', () => {
    fc.assert(
      fc.property(arbStream, (c) => {
        const w = workloadOf(c);
        const plan = planWorkload(w, { pricing: PRICING });
        const t = plan.totals;
        const today = plan.streams[0]!.cost!.planned.monthlyUsd + plan.firehose.reduce((a, f) => a + f.cost.monthlyUsd!, 0) + plan.flink.reduce((a, f) => a + f.cost.monthlyUsd!, 0);
        expect(t.monthlyUsd! - t.advantageCommitmentTopUpUsd).toBeCloseTo(today, 6);
        if (c.growth === undefined) {
          expect(t.horizon).toBeNull();
        } else {
          const stream = plan.streams[0]!.cost!.plannedHorizon!;
          const grown = stream.monthlyUsd + plan.firehose.reduce((a, f) => a + f.horizon!.cost.monthlyUsd!, 0) + plan.flink.reduce((a, f) => a + f.horizon!.cost.monthlyUsd!, 0);
          expect(t.horizon!.monthlyUsd! - t.horizon!.advantageCommitmentTopUpUsd).toBeCloseTo(grown, 6);
          expect(t.horizon!.monthlyUsd!).toBeGreaterThanOrEqual(t.monthlyUsd! - 1e-6);
        }
      }),
      { numRuns: 30 },
    );
  });
});

const EXAMPLES = readdirSync(new URL('../examples/', import.meta.url)).filter((f) => f.endsWith('.yaml')).sort();

function example(name: string): Workload {
  return parseWorkload(readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8'), `examples/${name}`);
}

describe('every example at its own planned count', () => {
  it.each(EXAMPLES)('%s: steady traffic at the planned peak is never throttled, unless the plan names why', (name) => {
    const w = steadyAtPeak(example(name));
    const plan: Plan = planWorkload(w);
    const result = simulate(w, plan, { seed: 1, durationSec: 120, mode: 'provisioned' });
    for (const sim of result.streams) {
      const s = plan.streams[sim.index]!;
      expect(sim.shards.initial).toBe(s.shards.planned);
      if (s.partitionKeys.keysOverShardLimit.length > 0) {
        // A key over a shard's limit throttles at any count; the plan says so and rates the stream high.
        expect(s.throttlingRisk.level).toBe('high');
        expect(s.throttlingRisk.reasons.map((r) => r.code)).toContain('RISK_KEY_OVER_SHARD_LIMIT');
        expect(sim.records.throttledAttempts).toBeGreaterThan(0);
        continue;
      }
      expect(sim.records.throttledAttempts).toBe(0);
      for (const c of sim.consumers) expect(c.readThrottledCalls, `${name} ${c.name}`).toBe(0);
    }
  });

  it.each(EXAMPLES)('%s: the plan at its own count rates low, unless a reason is named', (name) => {
    const plan = planWorkload(example(name));
    for (const s of plan.streams) {
      if (s.throttlingRisk.level === 'low') continue;
      expect(s.throttlingRisk.reasons.length).toBeGreaterThan(0);
      expect(s.throttlingRisk.reasons.some((r) => r.severity !== 'info')).toBe(true);
    }
  });

  it("reads a raw example as the simulator does: clickstream-pipeline's readers are its Firehose and Flink stages", () => {
    const w = example('clickstream-pipeline.yaml');
    const plan = planWorkload(w);
    const sim = simulate(w, plan, { seed: 1, durationSec: 10 }).streams[0]!;
    // The stream declares no consumers: its readers are the Firehose stage (polling once a second) and the Flink
    // application (enhanced fan-out). The simulator used to model neither.
    expect(sim.consumers.map((c) => `${c.name}:${c.type}`)).toEqual(['clicks-to-s3:polling', 'anomaly-detector:efo']);
    // The stream's 9,000 records/s peak of 1,060 B spread over its planned shards stays under 1 MiB/s each.
    expect((9000 * 1060) / plan.streams[0]!.shards.planned).toBeLessThan(MiB);
  });
});


import { DROP_CAUSES, type DropCause } from '../vocab/drop-causes.js';
import type { Finding } from '../vocab/findings.js';
import type { ClientModel } from '../workload/traffic-schema.js';
import type { Enforcement, AdmissionRule } from './token-bucket.js';
import type { Trace } from './trace.js';

// Drop causes are vocabulary (a finding names the main one); the simulator's modules take them from here.
export { DROP_CAUSES, type DropCause };

/** Model parameters; every one has a default (see DEFAULT_SIM_PARAMS) and is listed in the report. */
export interface SimParams {
  /** Simulation step in seconds; 1 / stepSec must be a whole number. Arrivals inside a step are spread evenly. */
  stepSec: number;
  /** Write bucket depth in seconds of refill (1 s: 1,000 records and 1 MiB). */
  burstSeconds: number;
  /** Continuous token bucket, or a fixed one-second window. */
  enforcement: Enforcement;
  /** Write-bytes admission: strict, debt, or auto (debt with a 10 MiB depth when the stream allows records over 1 MiB). */
  writeBytesRule: AdmissionRule | 'auto';
  /** On-demand: seconds from the split decision to the new shards (AWS: "within 15 minutes"). */
  onDemandSplitDelaySec: number;
  /** On-demand: per-shard write rate above which shards split (500 KB/s; records: half the records limit). */
  onDemandSplitBytesPerSec: number;
  /** Client model override; `undefined` uses each stream's `traffic.client.model`. */
  clientModel: ClientModel | undefined;
}

/** Options of one simulation run. */
export interface SimOptions extends Partial<SimParams> {
  seed: number;
  durationSec: number;
  /** Provisioned shard count per stream (--shards); default each stream's planned count. */
  shardsByStream?: number[];
  /** Simulate every stream in this mode; default each stream's planned mode. */
  mode?: 'provisioned' | 'on-demand';
  /** A parsed trace, replayed into `traceStream` (default the first stream). */
  trace?: Trace;
  traceStream?: number;
  /** Simulate only these stream indices (default all). */
  streams?: number[];
  /** Also find, per stream, the fewest provisioned shards that keep the throttled share at or under this. */
  findShards?: { maxThrottledShare: number };
}

export interface SimCallbacks {
  onProgress?(fraction: number): void;
}

export interface RecordCounts {
  /** Distinct Kinesis records the producer had to write. */
  offered: number;
  accepted: number;
  /** Attempts rejected with ProvisionedThroughputExceededException (a record may count several times). */
  throttledAttempts: number;
  /** Attempts after the first. */
  retries: number;
  /** Records given up, in total. */
  dropped: number;
  droppedByCause: Record<DropCause, number>;
  /** Records still waiting at the end of the run: for a retry, or (closed producers) in the buffer for a free worker. */
  pending: number;
}

/** One minute as CloudWatch would show it, beside the per-second truth. */
export interface MinuteView {
  minute: number;
  /** IncomingRecords / IncomingBytes (Sum): accepted only. */
  incomingRecords: number;
  incomingBytes: number;
  /** WriteProvisionedThroughputExceeded (Sum): throttled records (attempts). */
  writeProvisionedThroughputExceeded: number;
  /** ReadProvisionedThroughputExceeded (Sum): throttled GetRecords calls. */
  readProvisionedThroughputExceeded: number;
  /** Distinct records offered and attempts made in the minute. */
  offeredRecords: number;
  attempts: number;
  retries: number;
  dropped: number;
  /** Highest one-second count of accepted records and of attempts in the minute. */
  peakSecondIncomingRecords: number;
  peakSecondAttempts: number;
  /** Peak second ÷ (minute Sum / 60), for attempts: how much a one-minute average hides. 0 for an idle minute. */
  hiddenBurstRatio: number;
  shards: number;
  /** Accepted bytes ÷ write byte capacity and accepted records ÷ record capacity over the minute. */
  bytesUtilisation: number;
  recordsUtilisation: number;
  /** Largest iterator age of any consumer on any shard at the end of the minute, ms. */
  maxIteratorAgeMs: number;
}

export interface ShardStats {
  shard: number;
  /** Expected share of the stream's records. */
  loadShare: number;
  attempts: number;
  accepted: number;
  throttledAttempts: number;
}

export interface ConsumerStats {
  name: string;
  type: 'polling' | 'lambda' | 'efo';
  getRecordsCalls: number;
  readThrottledCalls: number;
  recordsRead: number;
  maxIteratorAgeMs: number;
  /** True when the lag outgrew the one-hour window the simulator tracks (the age shown is a lower bound). */
  isIteratorAgeCapped: boolean;
}

export interface OnDemandEvent {
  atSec: number;
  fromShards: number;
  toShards: number;
}

/** How the producer offered its records (traffic.client.workers). */
export type ProducerStats =
  | {
      /** Open: every arrival is sent at once, whatever happened to the earlier ones. */
      model: 'open';
      /** traffic.client.bufferRecords; undefined when unbounded. */
      bufferRecords: number | undefined;
    }
  | {
      /** Closed: `workers` workers, each with one request in flight at a time; arrivals wait in the buffer. */
      model: 'closed';
      workers: number;
      roundTripMs: number;
      /** The most records one request carries: 500 and 10 MiB for PutRecords, 1 for PutRecord. */
      maxRecordsPerRequest: number;
      bufferRecords: number | undefined;
      /** Requests sent, and the most in flight at any instant (never above `workers`). */
      requests: number;
      maxRequestsInFlight: number;
      /** The most records waiting in the buffer (not yet sent) at the end of any step. */
      maxBufferedRecords: number;
    };

/** The traffic a run offered, in numbers (what the report's opening sentence says). Times in seconds. */
export interface OfferedTraffic {
  /** The base rate in user records per second, before the shapes: traffic.rate, else the plan's peak. */
  baseRecordsPerSec: number;
  /** Whether the base rate is the plan's peak (the stream has no traffic.rate). */
  isPlanPeak: boolean;
  arrivals: 'poisson' | 'uniform';
  /** A daily cycle around the base rate (peakAtSec and startAtSec are times of day); null when there is none. */
  daily: { amplitude: number; peakAtSec: number; startAtSec: number } | null;
  onOff: { onSec: number; offSec: number; onFactor: number; offFactor: number; offsetSec: number } | null;
  heavyTail: { alpha: number; meanOnSec: number; meanOffSec: number; onFactor: number; offFactor: number } | null;
  spikes: { atSec: number; lengthSec: number; factor: number; rampSec: number }[];
  pulses: { atSec: number; records: number }[];
}

/** How the producer's client retries a throttled record. */
export interface RetrySettings {
  /** The most attempts a record gets; null: until it expires (the KPL's RecordTtl). */
  maxAttempts: number | null;
  /** How a retry waits: full jitter in a window that doubles from the base up to the cap, a fixed delay, or not at all. */
  backoff: 'exp-jitter' | 'fixed' | 'immediate' | 'none';
  baseDelaySec: number;
  maxDelaySec: number;
  /** The SDK's retry quota over all producer instances (tokens; a retry costs 5); null for other clients. */
  quotaTokens: number | null;
  /** The KPL's rate limit (1.5 = 150 % of a shard's limits) and RecordTtl; null for other clients. */
  rateLimit: number | null;
  recordTtlSec: number | null;
}

export interface StreamSimResult {
  index: number;
  name: string;
  mode: 'provisioned' | 'on-demand';
  client: Exclude<ClientModel, 'auto'>;
  /** How the client retries. */
  retry: RetrySettings;
  /** The traffic offered. */
  traffic: OfferedTraffic;
  producer: ProducerStats;
  shards: { initial: number; final: number };
  /** User records per Kinesis record (KPL aggregation; 1 without). All record counts are Kinesis records. */
  userRecordsPerKinesisRecord: number;
  /** Bytes each Kinesis record costs against the write limit. */
  kinesisRecordBytes: number;
  records: RecordCounts;
  attempts: number;
  /** throttledAttempts ÷ attempts (0 with no attempts). */
  throttledShare: number;
  bytes: { offered: number; accepted: number };
  /** Latency throttling added to accepted records (first offer → acceptance), in ms. */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  perMinute: MinuteView[];
  /** Per shard (provisioned runs; empty for on-demand, whose shards change). */
  perShard: ShardStats[];
  consumers: ConsumerStats[];
  onDemandEvents: OnDemandEvent[];
  /** Whether the traffic came from a trace (and how its periods were spread). */
  trace?: { fileName: string; format: string; periodSec: number; withinPeriod: 'even' };
}

/** What `--find-shards` found for one stream. */
export interface FoundShards {
  stream: string;
  index: number;
  /** The fewest provisioned shards that keep the throttled share at or under the limit; null when no count does. */
  shards: number | null;
  /** The plan's shard count for the stream, for comparison. */
  plannedShards: number;
  /** Partition keys over a shard's limit on their own (no shard count helps them; salting does). */
  hotKeys: string[];
}

export interface SimResult {
  seed: number;
  durationSec: number;
  params: SimParams;
  streams: StreamSimResult[];
  /** The `--find-shards` search, when it was asked for. */
  findShards: { maxThrottledShare: number; streams: FoundShards[] } | null;
  findings: Finding[];
}

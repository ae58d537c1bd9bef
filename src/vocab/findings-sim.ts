import type { DropCause } from './drop-causes.js';

/** The simulator's findings (src/sim/findings.ts), by code. Each names the stream it is about. */
export interface SimFindingArgs {
  SIM_THROTTLED: {
    stream: string;
    throttledShare: number;
    throttledAttempts: number;
    attempts: number;
    /** The workload's maxThrottledShare, when it has one. */
    budget?: number;
  };
  SIM_RECORDS_DROPPED: { stream: string; dropped: number; offered: number; mainCause: DropCause };
  SIM_HIDDEN_BURST: { stream: string; minute: number; burstRatio: number; throttled: number; minuteUtilisation: number };
  SIM_READ_THROTTLED: { stream: string; consumer: string; throttledCalls: number; calls: number };
  SIM_CONSUMER_LAG: { stream: string; consumer: string; maxIteratorAgeMs: number; isCapped: boolean };
  SIM_ON_DEMAND_SCALING_THROTTLE: { stream: string; splits: number; firstSplitAtSec: number; finalShards: number };
  SIM_TRACE_SPREAD_EVENLY: { stream: string; file: string; periodSec: number };
  SIM_PENDING_AT_END: { stream: string; pending: number };
}

import { admissibleCount } from '../token-bucket.js';
import { AT_START, SPREAD, SPREAD_LATER, enqueueKpl, inStepShare, kplLimit, onThrottled } from './retries.js';
import type { Sim } from './sim.js';

/**
 * Fair service within a step. A shard's step sends its new records and the retries due in the step together, and
 * AWS documents no priority between them: on the wire they interleave in the order they arrive, and a record's place
 * in that order is independent of whether it is new or a retry (both come at independent instants spread over the
 * step). The write buckets admit the first arrivals the tokens allow (their refill over the step included), so the
 * admitted records are a uniformly random subset of the step's attempts, whatever the order in detail. The rule:
 *
 *   a step's admitted records, a = min(attempts, what the buckets admit), are shared among the step's groups (its new
 *   records, and each batch of retries due) in proportion to their sizes, a·n_g / N, rounded systematically with one
 *   uniform draw, so that the shares add up to a and each is within one record of its expectation.
 *
 * That is the expectation of the uniformly random order. Records throttled in the step whose retry falls due before
 * the step ends (the application's first resend waits U[0, 100 ms), the KPL's 50 ms) are sent again in it
 * (addInStepResends), and the SDK's retry quota is shared the same way at the step's end (retries.ts). So attempts,
 * retries and latency converge as the step shrinks: a step of 100 ms and one of 1 ms agree on attempts within 2 %, on
 * retries within 2 % at saturation and 6 % in bursts, and on latency percentiles within one step and 5 %
 * (test/sim/fair-service.test.ts). Two exceptions, both first come first served: a pulse arrives at the start of its
 * step, before the step's refill and its other arrivals; and records the KPL's limiter holds back wait in its queue,
 * first in first out, so they are sent (and admitted) before the step's fresh records.
 */

/** Per step: the groups offered to a shard (new records, retries due, the KPL's queue). */
class Groups {
  first: number[] = [];
  tries: number[] = [];
  count: number[] = [];
  sent: number[] = [];
  /** The in-step resends of group g are group child[g] (−1: none); a resend group's own parent is −2. */
  child: number[] = [];
  size = 0;

  clear(): void {
    this.size = 0;
  }

  add(first: number, tries: number, count: number, sent: number): number {
    const g = this.size++;
    this.first[g] = first;
    this.tries[g] = tries;
    this.count[g] = count;
    this.sent[g] = sent;
    this.child[g] = -1;
    return g;
  }
}

const groups = new Groups();
const shares: number[] = [];

/**
 * Shares `total` (at most the sum of `sizes[from…to)`) in proportion to those sizes, systematically rounded with the
 * uniform `u`: writes shares[from…to).
 */
function shareOut(total: number, sizes: number[], from: number, to: number, u: number): void {
  let sum = 0;
  for (let g = from; g < to; g++) sum += sizes[g] as number;
  if (total >= sum) {
    for (let g = from; g < to; g++) shares[g] = sizes[g] as number;
    return;
  }
  let acc = 0;
  let prev = 0;
  for (let g = from; g < to; g++) {
    acc += sizes[g] as number;
    const cum = g === to - 1 ? total : Math.min(total, Math.floor((total * acc) / sum + u));
    shares[g] = cum - prev;
    prev = cum;
  }
}

/**
 * Step k on shard i: `fresh` new records (already drawn) and the retries due in the step (ProducerClient.due…), sent
 * by the rule above, with the producer's buffer bound and the KPL's limiter; the buckets are refilled for the step
 * by the caller. `atStart`: a pulse at the step's start (before the refill, with no retries).
 */
export function serveShard(sim: Sim, i: number, k: number, fresh: number, atStart: boolean): void {
  sim.random.use(i);
  const t = sim.tally;
  const client = sim.client;
  const bytes = sim.recordBytes;
  let n = fresh;
  if (n > 0) {
    t.offer(n, bytes);
    const bufferRecords = sim.producer.bufferRecords;
    if (t.pending + n > bufferRecords) {
      const room = Math.max(0, bufferRecords - t.pending);
      t.drop('buffer-overflow', n - room);
      n = room;
    }
  }
  const gs = groups;
  gs.clear();
  const isKpl = client.model === 'kpl';
  if (isKpl) serveKplQueue(sim, i, k);
  const q = gs.size;
  if (n > 0) gs.add(k, 0, n, n);
  if (!atStart && client.dueHead[i] !== -1) {
    const due = client.due;
    const next = client.dueNext;
    for (let e = client.dueHead[i] as number; e !== -1; e = next[e] as number) {
      const first = due[4 * e + 1] as number;
      const count = due[4 * e + 3] as number;
      if (isKpl && k - first > client.kplTtlSteps + 1e-9) {
        t.drop('ttl-expired', count);
        continue;
      }
      gs.add(first, due[4 * e + 2] as number, count, count);
    }
    client.dueHead[i] = -1;
    client.dueCount[i] = 0;
  }
  if (gs.size === 0) return;
  const rnd = sim.random;
  if (isKpl && gs.size > q) {
    // The fresh records pass the limiter in proportion; what it holds back joins the end of its queue.
    let want = 0;
    for (let g = q; g < gs.size; g++) want += gs.count[g] as number;
    const through = kplLimit(sim, i, k, want);
    if (through < want) {
      shareOut(through, gs.count, q, gs.size, rnd.next());
      for (let g = q; g < gs.size; g++) {
        const s = shares[g] as number;
        enqueueKpl(sim, i, gs.first[g] as number, gs.tries[g] as number, (gs.count[g] as number) - s);
        gs.sent[g] = s;
      }
    }
  }
  // The buckets: the queue's records first, in order, then the fresh ones shared in proportion.
  const cost = sim.costBytes;
  const tr = sim.tokR[i] as number;
  const tb = sim.tokB[i] as number;
  let allow = tr >= 1 ? Math.floor(tr + 1e-9) : 0;
  if (allow > 0) {
    const byBytes = admissibleCount(tb, cost, sim.bytesRule);
    if (byBytes < allow) allow = byBytes;
  }
  let admitted = 0;
  for (let g = 0; g < q; g++) {
    const s = gs.sent[g] as number;
    const a = s < allow - admitted ? s : allow - admitted;
    shares[g] = a;
    admitted += a;
  }
  let freshSent = 0;
  for (let g = q; g < gs.size; g++) freshSent += gs.sent[g] as number;
  const original = gs.size;
  if (freshSent > 0) {
    const room = allow - admitted;
    if (freshSent > room && !atStart) addInStepResends(sim, i, k, q, freshSent, room);
    let sent = freshSent;
    for (let g = original; g < gs.size; g++) sent += gs.sent[g] as number;
    const a = Math.min(sent, room);
    if (gs.size - q === 1) shares[q] = a;
    else shareOut(a, gs.sent, q, gs.size, a < sent ? rnd.next() : 0);
    // A group's resends are among its throttled records: never more, and never admitted more often than sent.
    for (let g = q; g < original; g++) {
      const c = gs.child[g] as number;
      if (c < 0) continue;
      const resent = Math.min(gs.count[c] as number, (gs.sent[g] as number) - (shares[g] as number));
      gs.count[c] = resent;
      const through = Math.min(gs.sent[c] as number, resent);
      gs.sent[c] = through;
      if ((shares[c] as number) > through) shares[c] = through;
      if (resent > through) enqueueKpl(sim, i, gs.first[c] as number, gs.tries[c] as number, resent - through);
    }
    for (let g = q; g < gs.size; g++) admitted += shares[g] as number;
  }
  sim.tokR[i] = tr - admitted > sim.capR && !sim.fixedWindow ? sim.capR : tr - admitted;
  const nb = tb - admitted * cost;
  sim.tokB[i] = nb < -sim.maxDebtB ? -sim.maxDebtB : nb > sim.capB && !sim.fixedWindow ? sim.capB : nb;
  const accCum = sim.readers.accCum;
  for (let g = 0; g < gs.size; g++) {
    const sent = gs.sent[g] as number;
    if (sent <= 0) continue;
    const tries = gs.tries[g] as number;
    const first = gs.first[g] as number;
    const a = shares[g] as number;
    t.attempt(sent);
    t.attemptsS[i] = (t.attemptsS[i] as number) + sent;
    if (tries > 0) t.retry(sent);
    if (a > 0) {
      t.accept(a, bytes);
      t.acceptedS[i] = (t.acceptedS[i] as number) + a;
      accCum[i] = (accCum[i] as number) + a;
      t.waited(k - first, a);
      if (client.quota) {
        if (tries === 0) client.sdkFirstTry += a;
        else client.sdkAfterRetry += a;
      }
    }
    const rejected = sent - a;
    if (rejected > 0) {
      t.throttle(rejected);
      t.throttledS[i] = (t.throttledS[i] as number) + rejected;
      // Those resent within the step are counted in their own group; the rest are due after the step.
      const c = gs.child[g] as number;
      const later = c >= 0 ? rejected - (gs.count[c] as number) : rejected;
      const timing = atStart || g < q ? AT_START : c >= 0 ? SPREAD_LATER : SPREAD;
      onThrottled(sim, i, first, tries + 1, later, timing);
    }
  }
}

/**
 * The application's loop resends some throttled records within the step they were throttled in (a jittered delay
 * shorter than what is left of the step). They compete in the same step: with N attempts in all, of which the step
 * admits A, each is throttled with p = 1 − A/N, and a group of n records with in-step share f (inStepShare) adds
 * n·p·f resends; so N = N₀ + p·F·N₀ with F the groups' mean share, whose root is
 * N = (N₀(1 + F) + √(N₀²(1 + F)² − 4·N₀·F·A)) / 2. Each group's resends (rounded systematically) join the step as a
 * group of their own; their throttled records are due after the step (one resend within a step is modelled).
 */
function addInStepResends(sim: Sim, i: number, k: number, q: number, n0: number, room: number): void {
  const gs = groups;
  const end = gs.size;
  let weighted = 0;
  for (let g = q; g < end; g++) {
    const f = inStepShare(sim, (gs.tries[g] as number) + 1);
    shares[g] = f;
    weighted += (gs.sent[g] as number) * f;
  }
  if (weighted <= 0) return;
  const F = weighted / n0;
  const b = n0 * (1 + F);
  const n = (b + Math.sqrt(Math.max(0, b * b - 4 * n0 * F * room))) / 2;
  const p = 1 - room / n;
  const u = sim.random.next();
  let acc = 0;
  let prev = 0;
  for (let g = q; g < end; g++) {
    acc += (gs.sent[g] as number) * p * (shares[g] as number);
    const cum = Math.floor(acc + u);
    const m = cum - prev;
    prev = cum;
    if (m > 0) {
      // The KPL's resends go through its limiter again; what it holds back waits in its queue.
      const through = sim.client.model === 'kpl' ? kplLimit(sim, i, k, m) : m;
      const c = gs.add(gs.first[g] as number, (gs.tries[g] as number) + 1, m, through);
      gs.child[c] = -2;
      gs.child[g] = c;
    }
  }
}

/** Takes the KPL's queue of shard i through its limiter, first in first out, into the groups (expired records drop). */
function serveKplQueue(sim: Sim, i: number, k: number): void {
  const client = sim.client;
  const queue = client.kplQueue[i] as number[];
  let head = client.kplQueueHead[i] as number;
  if (head >= queue.length) return;
  const t = sim.tally;
  while (head < queue.length) {
    const first = queue[head] as number;
    const tries = queue[head + 1] as number;
    const count = queue[head + 2] as number;
    if (k - first > client.kplTtlSteps + 1e-9) {
      t.pending -= count;
      client.retryDue[i] = (client.retryDue[i] as number) - count;
      t.drop('ttl-expired', count);
      head += 3;
      continue;
    }
    const through = kplLimit(sim, i, k, count);
    if (through > 0) {
      t.pending -= through;
      client.retryDue[i] = (client.retryDue[i] as number) - through;
      groups.add(first, tries, through, through);
    }
    if (through < count) {
      queue[head + 2] = count - through;
      break;
    }
    head += 3;
  }
  if (head >= queue.length) {
    queue.length = 0;
    head = 0;
  } else if (head > 3072 && head * 2 > queue.length) {
    queue.splice(0, head);
    head = 0;
  }
  client.kplQueueHead[i] = head;
}

import type { Finding } from '../vocab/findings.js';
import { costFindingMessages } from './findings-cost.js';
import { deliveryFindingMessages } from './findings-delivery.js';
import { producerFindingMessages } from './findings-producer.js';
import { simFindingMessages } from './findings-sim.js';
import { streamFindingMessages } from './findings-stream.js';

const MESSAGES: Record<string, (a: Finding['args']) => string> = {
  ...streamFindingMessages,
  ...deliveryFindingMessages,
  ...costFindingMessages,
  ...producerFindingMessages,
  ...simFindingMessages,
};

/** The words for a finding. Every finding code has its message here; an unknown code is a bug. */
export function findingMessage(f: Finding): string {
  const m = MESSAGES[f.code];
  return m ? m(f.args) : `${f.code} ${JSON.stringify(f.args)}`;
}

/** Codes that have a message (for tests). */
export function knownFindingCodes(): string[] {
  return Object.keys(MESSAGES).sort();
}

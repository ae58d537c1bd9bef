import type { ArgsOf, Finding, FindingArgs, FindingCode } from '../vocab/findings.js';
import { costFindingMessages } from './findings-cost.js';
import { deliveryFindingMessages } from './findings-delivery.js';
import { iacFindingMessages } from './findings-iac.js';
import { producerFindingMessages } from './findings-producer.js';
import { simFindingMessages } from './findings-sim.js';
import { streamFindingMessages } from './findings-stream.js';

/**
 * The wording of a group of codes: one function per code, reading that code's typed arguments. A code of the group
 * without wording, or wording for a code the group does not have, does not compile.
 */
export type Wording<Args> = { [C in keyof Args]: (args: Args[C]) => string };

const MESSAGES: Wording<FindingArgs> = {
  ...streamFindingMessages,
  ...deliveryFindingMessages,
  ...costFindingMessages,
  ...producerFindingMessages,
  ...simFindingMessages,
  ...iacFindingMessages,
};

function wordingOf<C extends FindingCode>(code: C, args: ArgsOf<C>): string {
  return MESSAGES[code](args);
}

/** The words for a finding: the same in every format (JSON `message`, text and Markdown). */
export function findingMessage(f: Finding): string {
  return wordingOf(f.code, f.args);
}

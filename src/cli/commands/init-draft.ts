import * as path from 'node:path';
import { workloadToYaml } from '../../workload/to-yaml.js';
import type { Pending, Raw } from './init-wizard.js';

/**
 * A draft: the answers of a cancelled `init`, saved so that `init --from DRAFT` resumes where it stopped. It is the
 * workload as far as it was answered, plus a `draft:` block (the file to write and the questions answered), which
 * makes it no valid workload file until the wizard finishes it. A stream or stage cancelled half-answered is kept in
 * `draft.pending` (its list, its place and the answers so far), to be asked again with those answers as defaults.
 */

export interface Draft {
  /** The workload file the wizard was writing. */
  file: string;
  /** The simple path's questions already answered: skipped on resume. */
  answered: string[];
  /** The stream or stage that was being answered, with the answers so far. */
  pending?: Pending | undefined;
  workload: Raw;
}

const LISTS: readonly string[] = ['streams', 'firehose', 'flink'];

function readPending(v: unknown): Pending | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const { list, index, answers } = v as Raw;
  if (typeof list !== 'string' || !LISTS.includes(list) || typeof index !== 'number' || !Number.isInteger(index) || index < 0) return undefined;
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) return undefined;
  return { list: list as Pending['list'], index, answers: answers as Raw };
}

/** Where a draft of `file` goes by default: beside it, `orders.yaml` → `orders.draft.yaml`. */
export function draftFileFor(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.draft${ext || '.yaml'}`);
}

/** The draft as YAML, with a header that says how to resume. */
export function draftToYaml(draft: Draft, draftFile: string): string {
  return workloadToYaml(
    { ...draft.workload, draft: { file: draft.file, answered: draft.answered, ...(draft.pending ? { pending: draft.pending } : {}) } },
    {
      header: [
        'Draft of a kinesis-plan workload, saved when `kinesis-plan init` was cancelled: not a workload file yet.',
        `Resume with: kinesis-plan init ${draft.file} --from ${draftFile}`,
      ],
    },
  );
}

/** The draft in a parsed `--from` file, or undefined when it is a workload file. */
export function readDraft(parsed: unknown): Draft | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !('draft' in parsed)) return undefined;
  const { draft, ...workload } = parsed as Raw;
  const d = (draft ?? {}) as { file?: unknown; answered?: unknown; pending?: unknown };
  return {
    file: typeof d.file === 'string' ? d.file : 'workload.yaml',
    answered: Array.isArray(d.answered) ? d.answered.filter((a): a is string => typeof a === 'string') : [],
    pending: readPending(d.pending),
    workload,
  };
}

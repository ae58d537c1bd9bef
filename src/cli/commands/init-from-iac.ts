import * as path from 'node:path';
import { Document, isScalar } from 'yaml';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { workloadSkeleton } from '../../iac/skeleton.js';
import { readIacFiles } from '../iac.js';
import { exists, writeFileAtomic } from '../io.js';

export interface InitFromIacOptions {
  fromIac: string[];
  force?: boolean | undefined;
}

/** The marker on each field left for the user: search for it to find them all. */
export const FILL_IN = 'fill in:';

/**
 * `kinesis-plan init [FILE] --from-iac FILES...`: writes a workload skeleton from what the infrastructure declares,
 * without questions; the traffic fields are left empty and marked. Returns the exit code.
 */
export async function runInitFromIac(
  file: string | undefined,
  opts: InitFromIacOptions,
  out: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  const target = file ?? 'workload.yaml';
  if (opts.force !== true && (await exists(target)))
    throw new UsageError(`${target} exists; pass --force to overwrite it, or name another file`);
  const files = await readIacFiles(opts.fromIac);
  const stem = path.basename(target, path.extname(target));
  const skeleton = workloadSkeleton(files, { name: stem });
  const streams = (skeleton.workload.streams as unknown[]).length;
  if (streams === 0) {
    throw new InputError({
      file: opts.fromIac.join(', '),
      message: 'declares no Kinesis stream (aws_kinesis_stream or AWS::Kinesis::Stream)',
      hint: 'pass the files that declare the streams; stages alone make no workload',
    });
  }
  const doc = new Document(skeleton.workload);
  doc.commentBefore = [
    ` Kinesis workload, written by \`kinesis-plan init --from-iac ${opts.fromIac.join(' ')}\`.`,
    ` Capacity comes from the infrastructure; traffic does not: fill in every field marked "${FILL_IN}".`,
    ` Then: kinesis-plan plan ${target} --iac ${opts.fromIac.join(' ')}`,
    ...skeleton.skipped.map((s) => ` Left out ${s.resource}: ${s.why}.`),
  ].join('\n');
  for (const f of skeleton.fillIn) {
    const node = doc.getIn(f.path, true);
    if (isScalar(node)) node.comment = f.what.startsWith('check:') ? ` ${f.what}` : ` ${FILL_IN} ${f.what}`;
  }
  await writeFileAtomic(target, doc.toString({ nullStr: '', lineWidth: 0 }));
  const toFill = skeleton.fillIn.filter((f) => !f.what.startsWith('check:')).length;
  out(
    `Wrote ${target}: ${streams} stream(s) from the infrastructure; ${toFill} field(s) marked "${FILL_IN}" to complete.\n`,
  );
  return EXIT.OK;
}

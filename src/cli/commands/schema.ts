import { EXIT } from '../../errors.js';
import { workloadJsonSchema } from '../../workload/schema.js';
import { emit } from '../output.js';

/** `kinesis-plan schema`: the workload file's JSON Schema, for editors. */
export async function runSchema(opts: { output?: string | undefined }): Promise<number> {
  await emit(`${JSON.stringify(workloadJsonSchema(), null, 2)}\n`, opts.output);
  return EXIT.OK;
}

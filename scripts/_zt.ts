import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2]!, 'utf8');
void import('../src/workload/parse.js').then(async () => {
  const yaml = await import('yaml');
  const { workloadSchema } = await import('../src/workload/schema.js');
  const t0 = performance.now();
  const lc = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const t1 = performance.now();
  const data = doc.toJS({ maxAliasCount: 100 });
  const t2 = performance.now();
  const r = workloadSchema.safeParse(data, { jitless: true });
  const t3 = performance.now();
  process.stderr.write(`yaml ${(t1 - t0).toFixed(2)} toJS ${(t2 - t1).toFixed(2)} zod ${(t3 - t2).toFixed(2)} ${r.success}\n`);
});

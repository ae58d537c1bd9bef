const t0 = performance.now();
void import('../src/workload/parse.js').then(async () => {
  const t1 = performance.now();
  await import('../src/pricing/schema.js');
  const t2 = performance.now();
  await import('../src/plan/index.js');
  const t3 = performance.now();
  await import('../src/report/index.js').catch(() => undefined);
  const t4 = performance.now();
  await import('commander');
  const t5 = performance.now();
  process.stderr.write(`workload ${(t1 - t0).toFixed(2)} pricing-schema ${(t2 - t1).toFixed(2)} plan ${(t3 - t2).toFixed(2)} report ${(t4 - t3).toFixed(2)} commander ${(t5 - t4).toFixed(2)}\n`);
});

import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { IacRow } from '../../src/iac/compare.js';
import { renderIacMarkdown, renderIacText } from '../../src/report/iac.js';

const rows: IacRow[] = [
  {
    part: 'stream',
    name: 'clicks',
    at: {
      file: 'infrastructure/modules/ingest/main.tf',
      line: 6,
      resource: 'module.ingest.aws_kinesis_stream.clicks',
    },
    figures: [
      { figure: 'capacity mode', declared: 'provisioned', whyUnknown: undefined, needed: 'provisioned' },
      { figure: 'shards', declared: null, whyUnknown: 'from the expression var.shards', needed: 23 },
      { figure: 'retention hours', declared: 24, whyUnknown: undefined, needed: 24 },
    ],
  },
  {
    part: 'flink',
    name: 'sessions',
    at: { file: 'cdk.out/Pipeline.template.json', line: 230, resource: 'Sessions' },
    figures: [
      { figure: 'parallelism', declared: 4, whyUnknown: undefined, needed: null },
      { figure: 'KPUs', declared: 2, whyUnknown: undefined, needed: 3 },
    ],
  },
];

describe('declared beside needed', () => {
  it('fits 80 columns in the terminal', () => {
    const text = renderIacText(rows, { style: new Chalk({ level: 0 }), width: 80 });
    expect(text).toMatchInlineSnapshot(`
      "Infrastructure: declared beside needed
        stream clicks ← module.ingest.aws_kinesis_stream.clicks
          (infrastructure/modules/ingest/main.tf:6)
          capacity mode    declared provisioned, needed provisioned
          shards           declared unknown (from the expression var.shards), needed
                           23
          retention hours  declared 24, needed 24
        Flink application sessions ← Sessions (cdk.out/Pipeline.template.json:230)
          parallelism  declared 4, needed —
          KPUs         declared 2, needed 3
      "
    `);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('is a table in Markdown', () => {
    expect(renderIacMarkdown(rows)).toMatchInlineSnapshot(`
      "## Infrastructure: declared beside needed

      | part | resource | figure | declared | needed |
      | --- | --- | --- | ---: | ---: |
      | stream \`clicks\` | \`module.ingest.aws_kinesis_stream.clicks\` (infrastructure/modules/ingest/main.tf:6) | capacity mode | provisioned | provisioned |
      | stream \`clicks\` | \`module.ingest.aws_kinesis_stream.clicks\` (infrastructure/modules/ingest/main.tf:6) | shards | unknown (from the expression var.shards) | 23 |
      | stream \`clicks\` | \`module.ingest.aws_kinesis_stream.clicks\` (infrastructure/modules/ingest/main.tf:6) | retention hours | 24 | 24 |
      | Flink application \`sessions\` | \`Sessions\` (cdk.out/Pipeline.template.json:230) | parallelism | 4 | — |
      | Flink application \`sessions\` | \`Sessions\` (cdk.out/Pipeline.template.json:230) | KPUs | 2 | 3 |
      "
    `);
  });
});

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Each bad input: one located message on stderr, nothing on stdout, exit code 2, never a stack trace. */
const CASES: [string, string[], string][] = [
  ['capacity-mode-typo', ['test/fixtures/bad/capacity-mode-typo.yaml'], "kinesis-plan: test/fixtures/bad/capacity-mode-typo.yaml:9:19 streams[0].capacityMode: must be one of provisioned, on-demand, on-demand-advantage; got \"provisoned\". Hint: did you mean \"provisioned\"?"],
  ['duplicate-key', ['test/fixtures/bad/duplicate-key.yaml'], "kinesis-plan: test/fixtures/bad/duplicate-key.yaml:9:5: not valid YAML: Map keys must be unique. Hint: each key may appear once in a mapping; remove or rename one."],
  ['empty', ['test/fixtures/bad/empty.yaml'], "kinesis-plan: test/fixtures/bad/empty.yaml: the workload file is empty. Hint: start with `version: 1`, a name and a list of streams (see examples/clickstream.yaml), or run `kinesis-plan init`."],
  ['infinite-size', ['test/fixtures/bad/infinite-size.yaml'], "kinesis-plan: test/fixtures/bad/infinite-size.yaml:10:13 streams[0].records.size: must be a finite number, got Infinity. Hint: Average record payload size (the data blob, without the partition key) (e.g. 512, 2 KiB, 1.5 MB)."],
  ['key-too-long', ['test/fixtures/bad/key-too-long.yaml'], "kinesis-plan: test/fixtures/bad/key-too-long.yaml:15:15 streams[0].partitionKeys.length: must be at most 256, got 300. Hint: Partition key length in characters (1–256); keys count towards the 1 MiB/s write limit (e.g. 36)."],
  ['missing-rate', ['test/fixtures/bad/missing-rate.yaml'], "kinesis-plan: test/fixtures/bad/missing-rate.yaml:10:7 streams[0].records.rate: missing required field \"rate\". Hint: Average write rate in records per second across the stream (e.g. 3000/s, 180k/min, 200k/10s)."],
  ['nan-rate', ['test/fixtures/bad/nan-rate.yaml'], "kinesis-plan: test/fixtures/bad/nan-rate.yaml:11:13 streams[0].records.rate: must be a finite number, got NaN. Hint: Average write rate in records per second across the stream (e.g. 3000/s, 180k/min, 200k/10s)."],
  ['negative-rate', ['test/fixtures/bad/negative-rate.yaml'], "kinesis-plan: test/fixtures/bad/negative-rate.yaml:11:13 streams[0].records.rate: must be greater than 0, got -5/s. Hint: Average write rate in records per second across the stream (e.g. 3000/s, 180k/min, 200k/10s)."],
  ['peak-below-rate', ['test/fixtures/bad/peak-below-rate.yaml'], "kinesis-plan: test/fixtures/bad/peak-below-rate.yaml:12:13 streams[0].records.peak: the peak (900/s) is below the average rate (3000/s). Hint: peak is the highest rate; give at least the average, or a factor such as 3x."],
  ['record-too-large', ['test/fixtures/bad/record-too-large.yaml'], "kinesis-plan: test/fixtures/bad/record-too-large.yaml:10:13 streams[0].records.size: a record of 2 MiB plus a 36-character partition key is larger than the stream's maximum record size of 1 MiB. Hint: split the record, or set `maxRecordSize:` (up to 10 MiB) on the stream to opt into large records."],
  ['retention-too-long', ['test/fixtures/bad/retention-too-long.yaml'], "kinesis-plan: test/fixtures/bad/retention-too-long.yaml:8:16 streams[0].retention: must be at most 8760h, got 400d. Hint: How long records are kept: 24h to 365d (e.g. 24h, 7d, 30d)."],
  ['too-many-efo', ['test/fixtures/bad/too-many-efo.yaml'], "kinesis-plan: test/fixtures/bad/too-many-efo.yaml:18:7 streams[0].consumers: 21 enhanced fan-out consumers, but a provisioned or on-demand stream allows at most 20. Hint: use at most 20, switch to capacityMode: on-demand-advantage (50), or use polling for some."],
  ['top-level-list', ['test/fixtures/bad/top-level-list.yaml'], "kinesis-plan: test/fixtures/bad/top-level-list.yaml:1:1: the workload file must be a mapping of keys to values, got a list. Hint: start with `version: 1`, a name and a list of streams (see examples/clickstream.yaml), or run `kinesis-plan init`."],
  ['unknown-consumer-type', ['test/fixtures/bad/unknown-consumer-type.yaml'], "kinesis-plan: test/fixtures/bad/unknown-consumer-type.yaml:22:15 streams[0].consumers[1].type: must be one of polling, lambda, efo; got \"fanout\". Hint: polling (GetRecords, e.g. KCL), lambda (a Lambda event source mapping, polls like GetRecords), or efo (enhanced fan-out)."],
  ['unknown-key', ['test/fixtures/bad/unknown-key.yaml'], "kinesis-plan: test/fixtures/bad/unknown-key.yaml:8:5 streams[0].retension: unknown key \"retension\". Hint: did you mean \"retention\"?"],
  ['wrong-unit', ['test/fixtures/bad/wrong-unit.yaml'], "kinesis-plan: test/fixtures/bad/wrong-unit.yaml:10:13 streams[0].records.size: unknown size unit \"KG\" in \"2 KG\". Hint: a size such as 512, 2 KiB, 1.5 MB or 4 MiB (KB = 1,000 B, KiB = 1,024 B; a plain number is bytes)."],
  ['wrong-version', ['test/fixtures/bad/wrong-version.yaml'], "kinesis-plan: test/fixtures/bad/wrong-version.yaml:3:10 version: must be 1, got 2. Hint: Workload file format version: this is version 1, so write version: 1."],
  ['yaml-syntax', ['test/fixtures/bad/yaml-syntax.yaml'], "kinesis-plan: test/fixtures/bad/yaml-syntax.yaml:9:1: not valid YAML: Sequence item without - indicator. Hint: check the indentation: nested keys are indented by the same number of spaces."],
  ['zero-rate', ['test/fixtures/bad/zero-rate.yaml'], "kinesis-plan: test/fixtures/bad/zero-rate.yaml:11:13 streams[0].records.rate: must be greater than 0, got 0. Hint: Average write rate in records per second across the stream (e.g. 3000/s, 180k/min, 200k/10s)."],
  ['zipf-without-exponent', ['test/fixtures/bad/zipf-without-exponent.yaml'], "kinesis-plan: test/fixtures/bad/zipf-without-exponent.yaml:14:7 streams[0].partitionKeys.zipfExponent: distribution: zipf needs zipfExponent. Hint: add zipfExponent: 1.0 (a typical value lies between 0.8 and 1.2)."],
  ['stage-unknown-source', ['test/fixtures/bad/stage-unknown-source.yaml'], "kinesis-plan: test/fixtures/bad/stage-unknown-source.yaml:33:15 firehose[0].source.stream: unknown stream \"clickstreams\". Hint: streams in this file: clickstream."],
  ['stage-parquet-small-buffer', ['test/fixtures/bad/stage-parquet-small-buffer.yaml'], "kinesis-plan: test/fixtures/bad/stage-parquet-small-buffer.yaml:38:13 firehose[0].buffer.size: Parquet conversion needs a buffer of at least 64 MiB, got 5 MiB. Hint: set buffer.size between 64 MiB and 128 MiB, or remove it to get a recommendation."],
  ['stage-buffer-interval-too-long', ['test/fixtures/bad/stage-buffer-interval-too-long.yaml'], "kinesis-plan: test/fixtures/bad/stage-buffer-interval-too-long.yaml:38:17 firehose[0].buffer.interval: the s3 destination accepts buffer intervals of 0\u2013900 s, got 1200s. Hint: set buffer.interval between 0s and 900s, or remove it to get a recommendation."],
  ['closed-producer-with-kpl (plan)', ['test/fixtures/bad/closed-producer-with-kpl.yaml'], "kinesis-plan: test/fixtures/bad/closed-producer-with-kpl.yaml:15:18 streams[0].traffic.client.workers: a closed producer (workers) cannot use the KPL client, which runs its own connections and retries; with producer.aggregation: kpl the client model is kpl. Hint: set traffic.client.model to put-records, put-record-sdk or none, or remove workers."],
  ['closed-producer-with-kpl (simulate)', ['simulate', 'test/fixtures/bad/closed-producer-with-kpl.yaml'], "kinesis-plan: test/fixtures/bad/closed-producer-with-kpl.yaml:15:18 streams[0].traffic.client.workers: a closed producer (workers) cannot use the KPL client, which runs its own connections and retries; with producer.aggregation: kpl the client model is kpl. Hint: set traffic.client.model to put-records, put-record-sdk or none, or remove workers."],
  ['closed-producer-with-kpl (check)', ['check', 'test/fixtures/bad/closed-producer-with-kpl.yaml'], "kinesis-plan: test/fixtures/bad/closed-producer-with-kpl.yaml:15:18 streams[0].traffic.client.workers: a closed producer (workers) cannot use the KPL client, which runs its own connections and retries; with producer.aggregation: kpl the client model is kpl. Hint: set traffic.client.model to put-records, put-record-sdk or none, or remove workers."],
  ['lambda-batch-without-duration', ['test/fixtures/bad/lambda-batch-without-duration.yaml'], "kinesis-plan: test/fixtures/bad/lambda-batch-without-duration.yaml:12:20 streams[0].consumers[0].batchSize: batchSize needs duration, how long one invocation takes. Hint: add duration: 400ms (the time to process one full batch)."],
  ['no-streams-or-firehose', ['test/fixtures/bad/no-streams-or-firehose.yaml'], 'kinesis-plan: test/fixtures/bad/no-streams-or-firehose.yaml:2:1 streams: a workload needs at least one stream or Firehose stage. Hint: add a stream under `streams:`, or a Direct PUT Firehose stage under `firehose:`.'],
  ['empty-streams', ['test/fixtures/bad/empty-streams.yaml'], 'kinesis-plan: test/fixtures/bad/empty-streams.yaml:4:10 streams: a workload needs at least one stream or Firehose stage. Hint: add a stream under `streams:`, or a Direct PUT Firehose stage under `firehose:`.'],
  ['firehose-only-reads-a-stream', ['test/fixtures/bad/firehose-only-reads-a-stream.yaml'], 'kinesis-plan: test/fixtures/bad/firehose-only-reads-a-stream.yaml:7:15 firehose[0].source.stream: unknown stream "app-logs". Hint: add the stream under `streams:`.'],
  ['missing file', ['nope.yaml'], 'kinesis-plan: nope.yaml: no such workload file. Hint: check the path; paths are relative to the current directory.'],
  ['directory', ['test/fixtures'], 'kinesis-plan: test/fixtures: is a directory, not a workload file. Hint: name the workload file itself, e.g. test/fixtures/workload.yaml.'],
  ['unknown option', ['plan', 'examples/clickstream.yaml', '--formt', 'json'], "error: unknown option '--formt'\n(Did you mean --format?)\n(run with --help for usage)"],
  ['bad format', ['plan', 'examples/clickstream.yaml', '--format', 'xml'], "error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are text, json, markdown.\n(run with --help for usage)"],
  ['missing file argument', ['plan'], "error: missing required argument 'file'\n(run with --help for usage)"],
  ['unwritable output', ['plan', 'examples/clickstream.yaml', '-o', '/nonexistent-dir/x.json'], 'kinesis-plan: /nonexistent-dir/x.json: cannot write the output (ENOENT). Hint: the folder does not exist; create it first.'],
];

describe('bad input', () => {
  it('covers at least fifteen cases', () => expect(CASES.length).toBeGreaterThanOrEqual(15));
  it.each(CASES)('%s', (_name, args, message) => {
    const r = runCli(args);
    expect(r.stderr.trimEnd()).toBe(message);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('--debug adds a stack trace', () => {
    const r = runCli(['test/fixtures/bad/zero-rate.yaml', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

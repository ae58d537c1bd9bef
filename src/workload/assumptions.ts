/**
 * Defaults that follow other answers: the schema's own default for a field holds when nothing else is known, and these
 * replace it once an earlier answer says more. The wizard offers them and states each as an assumption.
 */

/**
 * Delivered size as a share of the input when Firehose converts JSON to Parquet or ORC: about 25 %. Not an AWS figure:
 * columnar encoding with Snappy (Firehose's default for both formats) typically makes JSON records three to five times
 * smaller; the real ratio depends on the data, so it is offered as a default to replace with a measured one.
 */
export const CONVERTED_OUTPUT_RATIO = 0.25;

/** The Firehose `outputRatio` default that follows the format conversion chosen, if it differs from the schema's. */
export function outputRatioFor(formatConversion: unknown): number | undefined {
  return formatConversion === 'parquet' || formatConversion === 'orc' ? CONVERTED_OUTPUT_RATIO : undefined;
}

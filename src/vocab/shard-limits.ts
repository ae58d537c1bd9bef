/** The limits that more shards relieve. GetRecords calls are per consumer per shard, so more shards do not help. */
export const SHARD_LIMITS = ['writeBytes', 'writeRecords', 'readBytes'] as const;
export type ShardLimit = (typeof SHARD_LIMITS)[number];

/** The write limits of one shard: what a hot key or a hot shard runs into. */
export type WriteLimit = Exclude<ShardLimit, 'readBytes'>;

/** What can bind a stream's shard count: a per-shard limit, or a consumer that processes too slowly to keep up. */
export type ShardBinding = ShardLimit | 'consumer';

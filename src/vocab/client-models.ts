/** The producer retry models the simulator knows (`traffic.client`, `simulate --client`); zod-free for the CLI's start. */
export const CLIENT_MODELS = ['auto', 'put-records', 'put-record-sdk', 'put-record-sdk-2026', 'kpl', 'none'] as const;

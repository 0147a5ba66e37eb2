/**
 * How long the hub waits on its database, by default. No statement of a resolver should take more than seconds; a
 * stopped or frozen database must fail requests within seconds instead of holding them, and the pool, forever.
 */
export const DB_TIMEOUTS = { statementMs: 10_000, idleInTransactionMs: 10_000, connectMs: 5_000, acquireMs: 5_000 };

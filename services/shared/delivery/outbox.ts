import type { EntityManager } from '@mikro-orm/postgresql';
import type { KeyObject } from 'node:crypto';
import PgBoss from 'pg-boss';
import { errorName, type Logger } from '../log.js';

const errorMessageOf = (e: unknown): string => (e instanceof Error ? e.message : 'delivery failed');
import { signRequest } from '../signing.js';
import type { DeliveryMessage } from './message.js';

// A subgraph's outbox: messages to other subgraphs written in the same transaction as the change they report, then
// delivered by a worker, signed, with retries and backoff, until the receiver acknowledges. The queue is pg-boss
// (maintained, MIT, PostgreSQL only, runs on Node 20 in its 10.x line): a job is a row in the sender's own database, so
// "written with the change" is one transaction, and a receiver that is down only delays its messages.
//
// One queue per receiver, so that one agency's outage never holds back another's messages. A message that still fails
// after every retry (about five days of them, doubling from a second) goes to the `undeliverable` queue, where it stays
// for an administrator to see; nothing is dropped silently.

export const UNDELIVERABLE = 'undeliverable';
const RETRY = { retryLimit: 24, retryDelay: 1, retryBackoff: true } as const;
/** Messages delivered at once to one receiver; a backlog of a thousand drains in fifty round trips. */
const BATCH = 20;
/** Kept for 30 days whatever its state, long enough for every retry and for someone to look at a failure. */
const RETENTION_DAYS = 30;

export const queueTo = (receiver: string): string => `deliver-to-${receiver}`;
export const outboxSchema = (dbSchema: string): string => `${dbSchema}_outbox`;

export interface OutboxOptions {
  databaseUrl: string;
  /** The sending subgraph's database schema; the queue lives beside it, in `<schema>_outbox`. */
  dbSchema: string;
  receivers: readonly string[];
}

/** A queue client for one piece of work outside the running subgraph (migrating, redelivering), stopped after it. */
async function withBoss<T>(o: OutboxOptions, work: (boss: PgBoss) => Promise<T>): Promise<T> {
  const boss = new PgBoss({
    connectionString: o.databaseUrl,
    schema: outboxSchema(o.dbSchema),
    max: 1,
    supervise: false,
    schedule: false,
  });
  await boss.start();
  try {
    return await work(boss);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Create the queue tables and one queue per receiver (idempotent); part of migrating a sending subgraph. */
export function installOutbox(o: OutboxOptions): Promise<void> {
  return withBoss(o, async (boss) => {
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    if (!existing.has(UNDELIVERABLE))
      await boss.createQueue(UNDELIVERABLE, { name: UNDELIVERABLE, retentionDays: RETENTION_DAYS });
    for (const r of o.receivers) {
      const name = queueTo(r);
      if (!existing.has(name)) {
        await boss.createQueue(name, { name, ...RETRY, retentionDays: RETENTION_DAYS, deadLetter: UNDELIVERABLE });
      }
    }
    await keepUndeliverable(boss, outboxSchema(o.dbSchema));
  });
}

/**
 * pg-boss gives every job a time to be kept and archives (then drops) one still waiting after it: a dead-lettered
 * message would vanish after some weeks. Nothing undeliverable is ever dropped unseen: each is kept until an
 * administrator sends it again.
 */
async function keepUndeliverable(boss: PgBoss, schema: string): Promise<void> {
  const s = `"${schema}"`;
  const db = boss.getDb();
  await db.executeSql(
    `create or replace function ${s}.keep_undeliverable() returns trigger language plpgsql as $$
     begin new.keep_until := 'infinity'; return new; end $$`,
    [],
  );
  await db.executeSql(`drop trigger if exists keep_undeliverable on ${s}.job`, []);
  await db.executeSql(
    `create trigger keep_undeliverable before insert on ${s}.job for each row
     when (new.name = '${UNDELIVERABLE}') execute function ${s}.keep_undeliverable()`,
    [],
  );
  await db.executeSql(`update ${s}.job set keep_until = 'infinity' where name = '${UNDELIVERABLE}'`, []);
}

/** Queue messages outside any request (a migration's redelivery); the outbox's workers send them. */
export function enqueueAll(
  o: OutboxOptions,
  messages: readonly { receiver: string; message: DeliveryMessage }[],
): Promise<void> {
  return withBoss(o, async (boss) => {
    for (const m of messages) await boss.send(queueTo(m.receiver), { ...m.message });
  });
}

/** Run a pg-boss statement inside the caller's MikroORM transaction. */
function inTransaction(em: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      // pg-boss numbers its parameters ($1, and $5 three times); MikroORM binds `?` in order of appearance.
      const bindings: unknown[] = [];
      const sql = text.replace(/\$(\d+)/g, (_, n: string) => {
        bindings.push(values[Number(n) - 1]);
        return '?';
      });
      const rows = await em.getConnection().execute(sql, bindings, 'all', em.getTransactionContext());
      return { rows: rows as unknown[] as never[] };
    },
  };
}

export interface DeliveryTarget {
  name: string;
  /** The receiver's GraphQL URL; its inbox is `/_hub/inbox` on the same origin. */
  url: string;
}

/**
 * The sending side. `enqueue` needs no running worker (tests and the migration step use it as it is); `start` runs one
 * worker per receiver, `kick` wakes them right after a commit instead of at their next poll.
 */
export class Outbox {
  private readonly boss: PgBoss;
  private readonly workers = new Map<string, string>();
  private started = false;

  constructor(
    private readonly o: OutboxOptions & { signingKey: KeyObject; targets?: readonly DeliveryTarget[]; log: Logger },
  ) {
    this.boss = new PgBoss({
      connectionString: o.databaseUrl,
      schema: outboxSchema(o.dbSchema),
      max: 2,
      schedule: false,
      // The queue's own maintenance (expiring stuck jobs, archiving) runs in the sending process.
      supervise: true,
      maintenanceIntervalSeconds: 60,
    });
    // The queue's errors name what failed; their messages can quote a job, so only the class is logged.
    this.boss.on('error', (err: Error) => o.log.warn('outbox error', { error: err.name }));
  }

  /** Write `message` for each receiver, in the transaction `em` is in: it is sent if and only if that commits. */
  async enqueue(
    em: EntityManager,
    message: DeliveryMessage,
    receivers: readonly string[] = this.o.receivers,
  ): Promise<void> {
    for (const r of receivers) await this.boss.send(queueTo(r), { ...message }, { db: inTransaction(em) });
  }

  /** Wake every worker now (after a commit): delivery does not wait for the next poll. */
  kick(): void {
    for (const id of this.workers.values()) this.boss.notifyWorker(id);
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const t of this.o.targets ?? []) {
      const inbox = new URL('/_hub/inbox', t.url).toString();
      const queue = queueTo(t.name);
      const id = await this.boss.work<DeliveryMessage>(
        queue,
        { pollingIntervalSeconds: 2, batchSize: BATCH },
        async (jobs) => {
          // A batch is delivered at once, and each message succeeds or fails on its own: pg-boss completes the whole
          // batch when this returns, except the jobs failed here, which it has already put back to be retried.
          const results = await Promise.allSettled(jobs.map((job) => this.deliver(t.name, inbox, job.data)));
          const failed = jobs.filter((_, i) => results[i]?.status === 'rejected');
          if (failed.length > 0) {
            await Promise.all(
              jobs.map((job, i) => {
                const r = results[i];
                return r?.status === 'rejected'
                  ? this.boss.fail(queue, job.id, { error: errorMessageOf(r.reason) })
                  : undefined;
              }),
            );
          }
          if (failed.length < jobs.length) await this.retryNow(queue, this.workers.get(t.name));
        },
      );
      this.workers.set(t.name, id);
    }
  }

  /**
   * The receiver answered: the messages waiting out a backoff from its outage are retried now rather than hours later
   * (the backoff doubles up to about eighteen hours). Messages to an agency that is back arrive within seconds.
   */
  private async retryNow(queue: string, workerId: string | undefined): Promise<void> {
    const table = `"${outboxSchema(this.o.dbSchema)}".job`;
    const r = await this.boss
      .getDb()
      .executeSql(
        `update ${table} set start_after = now() where name = $1 and state = 'retry' and start_after > now()`,
        [queue],
      );
    if (workerId && (r as { rowCount?: number }).rowCount) this.boss.notifyWorker(workerId);
  }

  /** One delivery; anything but an acknowledgement throws, and pg-boss retries the job later. */
  private async deliver(receiver: string, inbox: string, message: DeliveryMessage): Promise<void> {
    const body = JSON.stringify(message);
    const res = await fetch(inbox, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest({ key: this.o.signingKey, audience: receiver, body, claims: null }),
      },
      body,
      signal: AbortSignal.timeout(5000),
    }).catch((err: unknown) => {
      throw new Error(`${receiver} unreachable (${errorName(err)})`);
    });
    await res.body?.cancel();
    if (res.status !== 204) throw new Error(`${receiver} answered ${res.status}`);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}

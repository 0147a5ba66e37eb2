import type { Worker } from 'node:worker_threads';

// A small pool of worker threads, so that work that grows with a question (deciding a statistics lattice) runs beside
// the subgraph's event loop instead of on it: case reads keep their loop. At most `size` threads, started when first
// needed and stopped after a while idle; each does one task at a time, and tasks beyond `size` wait in order (the
// statistics gate admits no more than `size` at once, so in the hub they never wait here). A task that runs past its
// deadline has its thread stopped; a thread that fails or exits fails its task only, and is replaced by the next task.

export interface WorkerPoolOptions<F> {
  /** Start one thread; it answers `{ id, input }` with `{ id, ok: true, value }` or `{ id, ok: false, failure }`. */
  spawn: () => Worker;
  size: number;
  /** Longest one task may run in its thread. */
  timeoutMs: number;
  /** How long a thread may sit idle before it is stopped (default a minute). */
  idleMs?: number;
  /** The error a task's reported failure becomes. */
  errorOf: (failure: F) => Error;
}

/** A task ran past its deadline; its thread was stopped. */
export class WorkerTimeoutError extends Error {
  override name = 'WorkerTimeoutError';
}

/** A thread failed or exited while it ran a task (out of memory, a fault in the worker). */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

interface Task {
  id: number;
  input: unknown;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Thread {
  worker: Worker;
  task: Task | null;
  deadline?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
}

export class WorkerPool<In, Out, F = unknown> {
  private readonly threads = new Set<Thread>();
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private o: WorkerPoolOptions<F>) {}

  /** Change the size or deadline (new limits); running tasks keep theirs. */
  resize(size: number, timeoutMs: number): void {
    this.o = { ...this.o, size, timeoutMs };
    this.dispatch();
  }

  run(input: In): Promise<Out> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Threads running now (tests and diagnostics). */
  get threadCount(): number {
    return this.threads.size;
  }

  /** Stop every thread; tasks still running or waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('the worker pool is closed'));
    await Promise.all([...this.threads].map((t) => this.drop(t, new Error('the worker pool is closed'))));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let thread = [...this.threads].find((t) => t.task === null);
      if (!thread) {
        if (this.threads.size >= this.o.size) return;
        thread = this.start();
      }
      this.assign(thread, this.queue.shift()!);
    }
  }

  private start(): Thread {
    const worker = this.o.spawn();
    // An idle pool never keeps the process alive; a task's own promise is what the caller waits on.
    worker.unref();
    const thread: Thread = { worker, task: null };
    this.threads.add(thread);
    worker.on('message', (m: { id: number; ok: boolean; value?: unknown; failure?: F }) => {
      const task = thread.task;
      if (!task || task.id !== m.id) return;
      this.release(thread);
      if (m.ok) task.resolve(m.value);
      else task.reject(this.o.errorOf(m.failure as F));
    });
    worker.on('error', (err) => void this.drop(thread, new WorkerCrashError(`a worker thread failed: ${err.name}`)));
    worker.on('exit', (code) => void this.drop(thread, new WorkerCrashError(`a worker thread exited (${code})`)));
    return thread;
  }

  private assign(thread: Thread, task: Task): void {
    clearTimeout(thread.idle);
    thread.task = task;
    const ms = this.o.timeoutMs;
    thread.deadline = setTimeout(
      () => void this.drop(thread, new WorkerTimeoutError(`a task ran past its deadline of ${ms} ms`)),
      ms,
    );
    try {
      thread.worker.postMessage({ id: task.id, input: task.input });
    } catch (err) {
      // Input that cannot be copied to a thread (a function, a symbol): the task's fault, not the thread's.
      this.release(thread);
      task.reject(err as Error);
    }
  }

  /** The thread's task is done: it takes the next, or waits idle for a while. */
  private release(thread: Thread): void {
    clearTimeout(thread.deadline);
    thread.task = null;
    this.dispatch();
    if (thread.task === null && this.threads.has(thread)) {
      thread.idle = setTimeout(() => void this.drop(thread, null), this.o.idleMs ?? 60_000);
      thread.idle.unref();
    }
  }

  /** Take a thread out of the pool and stop it; its task, if any, fails with `err`. Then the queue moves on. */
  private async drop(thread: Thread, err: Error | null): Promise<void> {
    if (!this.threads.delete(thread)) return;
    clearTimeout(thread.deadline);
    clearTimeout(thread.idle);
    const task = thread.task;
    thread.task = null;
    if (task) task.reject(err ?? new WorkerCrashError('a worker thread stopped'));
    if (!this.closed) this.dispatch();
    await thread.worker.terminate();
  }
}

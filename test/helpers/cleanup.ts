// Helpers are called from inside a file's beforeAll, where vitest does not register an afterAll: what they need undone
// (servers, connection pools, databases) is queued here and undone by the afterAll that test/helpers/setup.ts
// registers for every test file, newest first.

const tasks: (() => Promise<void>)[] = [];

export function whenFileDone(task: () => Promise<void>): void {
  tasks.push(task);
}

export async function runFileCleanups(): Promise<void> {
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    await task().catch((err: unknown) => process.stderr.write(`cleanup failed: ${(err as Error).message}\n`));
  }
}

import { parentPort } from 'node:worker_threads';
import { decide, type DecideInput, failureOf } from './decide.js';

// A worker thread of the statistics pool (pool.ts): it decides one question at a time and answers with its table, or
// with the error that refused it. Nothing it is sent names anyone: periods, places, categories and counts.

parentPort!.on('message', ({ id, input }: { id: number; input: DecideInput }) => {
  try {
    parentPort!.postMessage({ id, ok: true, value: decide(input) });
  } catch (err) {
    parentPort!.postMessage({ id, ok: false, failure: failureOf(err) });
  }
});

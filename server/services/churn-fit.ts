/**
 * Fits a churn model in a worker thread: the fit is seconds of pure computation, and on the main
 * thread it would hold every request (and `/healthz`) until it finished. The worker runs the
 * TypeScript entry through tsx's loader, as the server itself runs (`tsx server/main.ts`, the
 * Dockerfile's `node --import tsx`) and as the tests do.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChurnTrainingData, ChurnTrainingOptions, ChurnTrainingResult, TrainingStage } from '../domain/ml/train-churn-model';

/** What the worker posts: each stage as it starts, then the result. */
export type FitMessage = { stage: TrainingStage } | { result: ChurnTrainingResult };

/**
 * The worker's bootstrap: imports the TypeScript entry through tsx's API (on Node 20 a loader given
 * with `--import` does not reach a worker's entry module).
 */
const bootstrap = (() => {
  // The export's `import` condition (resolving from here would give its CommonJS twin).
  const api = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href;
  const entry = new URL('./churn-fit-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
})();

/** `trainChurnModel` off the main thread; rejects with the worker's error if the fit throws. */
export function fitInWorker(data: ChurnTrainingData, options: ChurnTrainingOptions = {}): Promise<ChurnTrainingResult> {
  const { onStage, ...rest } = options;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: { data, options: rest } });
    let result: ChurnTrainingResult | null = null;
    worker.on('message', (message: FitMessage) => {
      if ('stage' in message) onStage?.(message.stage);
      else result = message.result;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the training worker stopped (exit code ${code}) without a result`));
    });
  });
}

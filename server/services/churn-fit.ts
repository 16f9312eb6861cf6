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

/** What the worker receives once: the examples and options of the fit. */
export interface FitRequest {
  readonly data: ChurnTrainingData;
  readonly options: Omit<ChurnTrainingOptions, 'onStage'>;
}

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

/** A worker started ahead of its data: it loads the training code while the examples are built. */
export interface FitWorker {
  /** `trainChurnModel` in the worker; rejects with the worker's error if the fit throws. Call once. */
  fit(data: ChurnTrainingData, options?: ChurnTrainingOptions): Promise<ChurnTrainingResult>;
  /** Ends the worker without a fit (the examples failed). */
  stop(): Promise<void>;
}

export function startFitWorker(): FitWorker {
  const worker = new Worker(bootstrap, { eval: true });
  let onStage: ChurnTrainingOptions['onStage'];
  let result: ChurnTrainingResult | null = null;
  let failure: unknown = null;
  worker.on('message', (message: FitMessage) => {
    if ('stage' in message) onStage?.(message.stage);
    else result = message.result;
  });
  worker.once('error', (error) => (failure = error));
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return {
    fit: async (data, options = {}) => {
      const { onStage: stage, ...rest } = options;
      onStage = stage;
      worker.postMessage({ data, options: rest });
      const code = await exited;
      if (failure) throw failure;
      if (!result) throw new Error(`the training worker stopped (exit code ${code}) without a result`);
      return result;
    },
    stop: async () => {
      await worker.terminate();
    },
  };
}

/**
 * The entry of the worker thread that fits a churn model (see `startFitWorker`): it is started while
 * the examples are still being built, so loading this code overlaps them; the examples and options
 * arrive as one message, each stage that starts and then the result go back as messages.
 */
import { parentPort } from 'node:worker_threads';
import { trainChurnModel } from '../domain/ml/train-churn-model';
import type { FitMessage, FitRequest } from './churn-fit';

const post = (message: FitMessage) => parentPort!.postMessage(message);
parentPort!.once('message', ({ data, options }: FitRequest) => {
  post({ result: trainChurnModel(data, { ...options, onStage: (stage) => post({ stage }) }) });
});

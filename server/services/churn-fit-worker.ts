/**
 * The entry of the worker thread that fits a churn model (see `fitInWorker`): the examples and
 * options arrive as its data, each stage that starts and then the result go back as messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainChurnModel, type ChurnTrainingData, type ChurnTrainingOptions } from '../domain/ml/train-churn-model';
import type { FitMessage } from './churn-fit';

const { data, options } = workerData as { data: ChurnTrainingData; options: Omit<ChurnTrainingOptions, 'onStage'> };
const post = (message: FitMessage) => parentPort!.postMessage(message);
post({ result: trainChurnModel(data, { ...options, onStage: (stage) => post({ stage }) }) });

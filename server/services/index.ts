/**
 * Every long-lived part of an instance, built once from the database, the configuration and a
 * clock, and handed to the app whole. Nothing is attached later; background work (the hub's
 * listen, the workers' polls, the scheduler's ticks) begins only when `start` names it.
 */
import type { AppConfig, Clock } from '../config';
import type { Db } from '../db/index';
import { logisticChurnModel, type ChurnModel } from '../domain/churn';
import { LiveHub, type HubOptions } from '../live/hub';
import { StreamQuota } from '../live/stream-quota';
import { createMetrics, type Metrics } from '../metrics';
import { ChurnModels } from './churn-models';
import { createDeliveryWorker, type DeliveryOptions, type DeliveryWorker } from './delivery';
import { IngestBatcher } from './ingest-batcher';
import { scheduledJobs } from './jobs';
import { createRescoreWorker, type RescoreWorker, type RescoreWorkerOptions } from './rescore-worker';
import { createScheduler, type Scheduler } from './scheduler';
import { ScorePipeline } from './score-pipeline';

export interface Services {
  db: Db;
  clock: Clock;
  config: AppConfig;
  metrics: Metrics;
  /** Accepted events and rescores in, live events out. */
  pipeline: ScorePipeline;
  /** Group commit for inbound activity. */
  ingest: IngestBatcher;
  /** Rescores the accounts events marked dirty; woken after an event commits here. */
  rescoreWorker: RescoreWorker;
  /** This instance's fan-out to event streams; null while real-time updates are switched off. */
  hub: LiveHub | null;
  /** Open event streams per token on this instance. */
  streamQuota: StreamQuota;
  /** Sends the alert and intervention email outboxes. */
  delivery: DeliveryWorker;
  /** Churn model training runs and their evidence. */
  churnModels: ChurnModels;
  /** The daily and hourly rescores and the live tables' housekeeping, once cluster-wide. */
  scheduler: Scheduler;
  /** Starts the named background parts (all of them by default). */
  start(parts?: ReadonlyArray<BackgroundPart>): Promise<void>;
  /** Stops every background part (those never started have nothing to stop), waiting for work in flight. */
  stop(): Promise<void>;
}

export type BackgroundPart = 'hub' | 'rescoreWorker' | 'delivery' | 'scheduler';

export interface ServiceOptions {
  /** The churn model; a trained one replaces the hand-set default later. */
  churnModel?: ChurnModel;
  hub?: Omit<HubOptions, 'metrics'>;
  rescoreWorker?: RescoreWorkerOptions;
  delivery?: DeliveryOptions;
}

export function createServices(db: Db, config: AppConfig, clock: Clock, options: ServiceOptions = {}): Services {
  const metrics = createMetrics();
  const pipeline = new ScorePipeline({ db, clock, config, churnModel: options.churnModel ?? logisticChurnModel(), metrics });
  const hub = config.features.realTimeUpdates ? new LiveHub(db, { ...options.hub, metrics }) : null;
  const rescoreWorker = createRescoreWorker({ db, pipeline, metrics }, options.rescoreWorker);
  const delivery = createDeliveryWorker({ db, config, clock, pipeline }, options.delivery);
  const churnModels = new ChurnModels({ db, clock, pipeline });
  const scheduler = createScheduler({ db, clock }, scheduledJobs({ db, clock, pipeline, churnModels }, config.schedule), {
    tickMs: config.schedule.tickMs,
  });
  return {
    db,
    clock,
    config,
    metrics,
    pipeline,
    ingest: new IngestBatcher(db, pipeline),
    rescoreWorker,
    hub,
    streamQuota: new StreamQuota(config.maxStreamsPerToken),
    delivery,
    churnModels,
    scheduler,
    async start(parts = ['hub', 'rescoreWorker', 'delivery', 'scheduler']) {
      if (parts.includes('hub')) await hub?.start();
      if (parts.includes('rescoreWorker')) rescoreWorker.start();
      if (parts.includes('delivery')) delivery.start();
      if (parts.includes('scheduler')) await scheduler.start();
    },
    async stop() {
      await Promise.all([rescoreWorker.stop(), scheduler.stop(), delivery.stop(), hub?.stop()]);
    },
  };
}

import type { AppConfig, Clock } from './config';
import type { Db } from './db/index';
import type { ChurnModel } from './domain/churn';
import type { LiveHub } from './live/hub';
import type { Metrics } from './metrics';
import type { Principal } from './principal';

/** Everything the app needs from outside, injected so tests build their own. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  config: AppConfig;
  /** The churn model; replaced by a trained one later. */
  churnModel: ChurnModel;
  metrics: Metrics;
  /** This instance's fan-out to event streams; absent where nothing streams (CLIs, some tests). */
  hub?: LiveHub;
  /** Woken after an inbound event commits, so its account is rescored within the second. */
  rescoreWorker?: { wake(): void };
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    principal: Principal;
  };
}


import type { Principal } from './auth';
import type { Db } from './db/index';
import type { ChurnModel } from './domain/churn';
import type { FeatureFlags } from './env';
import type { Metrics } from './metrics';

export type Clock = () => Date;

export interface AppConfig {
  jwtSecret: string;
  rateLimitPerMinute: number;
  features: FeatureFlags;
}

/** Everything the app needs from outside, injected so tests build their own. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  config: AppConfig;
  /** The churn model; replaced by a trained one later. */
  churnModel: ChurnModel;
  metrics: Metrics;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    principal: Principal;
  };
}


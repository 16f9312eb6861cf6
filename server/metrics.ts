import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The reference's metric names, each on a registry of the app's own (tests build many apps). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    healthScoreCalculationTime: new Histogram({
      name: 'health_score_calculation_duration_seconds',
      help: 'Time taken to calculate health scores',
      labelNames: ['calculation_type'] as const,
      registers: [registry],
    }),
    accountsScored: new Counter({
      name: 'health_scores_computed_total',
      help: 'Accounts scored, all rescores together',
      registers: [registry],
    }),
    interventionCreationRate: new Counter({
      name: 'interventions_created_total',
      help: 'Total number of interventions created',
      labelNames: ['intervention_type', 'trigger_type'] as const,
      registers: [registry],
    }),
    dashboardLoadTime: new Histogram({
      name: 'dashboard_load_duration_seconds',
      help: 'Time taken to load customer health dashboard',
      labelNames: ['user_role', 'filter_type'] as const,
      registers: [registry],
    }),
    alertProcessingTime: new Gauge({
      name: 'alert_processing_duration_seconds',
      help: 'Time taken to process health score alerts',
      registers: [registry],
    }),
    rescoreLag: new Histogram({
      name: 'rescore_lag_seconds',
      help: 'From an account\'s oldest dirty mark (an event) to the commit of the rescore that took it',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    webhooksReceived: new Counter({
      name: 'webhooks_received_total',
      help: 'Verified inbound webhooks by event type, applied or duplicate',
      labelNames: ['type', 'status'] as const,
      registers: [registry],
    }),
    liveSubscribers: new Gauge({
      name: 'live_event_subscribers',
      help: 'Open server-sent-event streams on this instance',
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The widget kit's shared code, for widgets built on it. */
export { ApiClient, ApiError, queryString, type ApiClientOptions, type FieldError, type RequestOptions, type TokenSource } from './api-client';
export { baseStyles, RkElement, type RkTheme } from './base-element';
export { ChartController, type ChartControllerOptions } from './chart-controller';
export { apiClientContext, liveStoreContext } from './context';
export { DataController, type DataControllerOptions, type DataHost, type DataState } from './data-controller';
export { booleanish, RkDataElement } from './data-element';
export { backoffDelay, EventStream, streamUrl, type EventStreamOptions } from './event-stream';
export { RkActionEvent, RkErrorEvent, RkLiveStatusEvent, RkSelectEvent, RkToggleEvent, type RkAction } from './events';
export { ACTION_LABELS, CUSTOMER_ACTIONS, interventionForAction, RESPONSE_HOURS, runCustomerAction } from './customer-actions';
export { createFormatter, resolveLocale, type Formatter } from './format';
export { arrivalMark, LiveStore, MAX_ALERTS, SignalWatcher, type AccountsSnapshot, type ConnectionStatus } from './live-store';
export { overlay, supersedes, type ItemIdentity, type LiveCopy } from './live-rule';
export { copiesOf, LiveItemController, LiveListController, type LiveItemOptions, type LiveListOptions, type LiveSource } from './live-data';
export { LiveDemand, type LiveHost } from './live-demand';
export { clientFor, LiveConnection, type LiveFilter, type StreamWish } from './connection';
export { compareInterventions, isOverdue, LIVE_INTERVENTIONS, OPEN_INTERVENTION_STATUSES, typeLabel } from './interventions';
export { bandForScore, bandForStatus, clampScore, DEFAULT_COMPONENT_WEIGHTS, HEALTH_BANDS, humanize, LIVE_HEALTH, mergeHealthUpdate, type HealthBand } from './status';
export * from './types';

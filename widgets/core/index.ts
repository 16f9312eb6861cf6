/** The widget kit's shared code, for widgets built on it. */
export { ApiClient, ApiError, queryString, type ApiClientOptions, type FieldError, type RequestOptions, type TokenSource } from './api-client';
export { RkElement, type RkTheme } from './base-element';
export { ChartController, chartTheme, type ChartControllerOptions, type ChartTheme } from './chart-controller';
export { clientFor, LiveConnection, type LiveFilter, type StreamWish } from './connection';
export { apiClientContext, liveStoreContext } from './context';
export {
  ACTION_LABELS,
  CUSTOMER_ACTIONS,
  interventionForAction,
  interventionForRecommendation,
  RESPONSE_HOURS,
  runCustomerAction,
  startRecommendation,
} from './customer-actions';
export { DataController, type DataControllerOptions, type DataHost, type DataState } from './data-controller';
export { booleanish, RkDataElement } from './data-element';
export { backoffDelay, EventStream, streamUrl, type EventStreamOptions } from './event-stream';
export {
  RkActionEvent,
  RkErrorEvent,
  RkExportEvent,
  RkLiveStatusEvent,
  RkNoteAddedEvent,
  RkRecommendationStartEvent,
  RkSelectEvent,
  RkToggleEvent,
  RkViewChangeEvent,
  type RkAction,
} from './events';
export { FocusGroupController, type FocusGroupOptions } from './focus-group';
export { createFormatter, percentagePoints, resolveLocale, type Formatter } from './format';
export { churnDriverStyles, churnDriverText, churnFeatureName, churnHorizonText, renderChurnDrivers } from './churn-drivers';
export { emptyMessage, loadingPlaceholder, renderFrame, type FrameOptions } from './frame';
export { compareInterventions, isOverdue, LIVE_INTERVENTIONS, OPEN_INTERVENTION_STATUSES, typeLabel } from './interventions';
export { copiesOf, LiveItemController, LiveListController, type LiveItemOptions, type LiveListOptions, type LiveSource } from './live-data';
export { LiveDemand, type LiveHost } from './live-demand';
export { overlay, supersedes, type ItemIdentity, type LiveCopy } from './live-rule';
export { arrivalMark, LiveStore, MAX_ALERTS, SignalWatcher, type AccountsSnapshot, type ConnectionStatus } from './live-store';
export { RowWindowController, type RowWindowOptions, type WindowEntry } from './row-window';
export { rowKeyOf, TableRowsController, type TableRowsHost, type TableRowsOptions } from './table-rows';
export { bandForScore, bandForStatus, clampScore, DEFAULT_COMPONENT_WEIGHTS, HEALTH_BANDS, humanize, LIVE_HEALTH, mergeHealthUpdate, type HealthBand } from './status';
export { baseStyles } from './styles';
export * from './types';

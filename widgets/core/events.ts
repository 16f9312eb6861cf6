/**
 * The kit's events. Every one bubbles and is composed, so a page can listen on `document`
 * for events fired inside any widget's shadow root.
 */
import type { ConnectionStatus } from './live-store';
import type { AccountNote, RecommendedAction } from './types';

export type RkAction = 'call' | 'email' | 'create-task';

/** A one-click action on a customer (call, email, create task): the host page carries it out. */
export class RkActionEvent extends Event {
  static readonly eventName = 'rk-action';
  readonly action: RkAction;
  readonly customerId: string;

  constructor(action: RkAction, customerId: string) {
    super(RkActionEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.action = action;
    this.customerId = customerId;
  }
}

/**
 * A recommended play is to be started for a customer (the "Start" of `<customer-health-card>` or
 * `<customer-detail>`): the kit records its intervention unless the page cancels this to start it
 * its own way.
 */
export class RkRecommendationStartEvent extends Event {
  static readonly eventName = 'rk-recommendation-start';
  readonly recommendation: RecommendedAction;
  readonly customerId: string;

  constructor(recommendation: RecommendedAction, customerId: string) {
    super(RkRecommendationStartEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.recommendation = recommendation;
    this.customerId = customerId;
  }
}

/** A widget failed to load or save. `error` is an ApiError for server and network failures. */
export class RkErrorEvent extends Event {
  static readonly eventName = 'rk-error';
  readonly error: Error;

  constructor(error: Error) {
    super(RkErrorEvent.eventName, { bubbles: true, composed: true });
    this.error = error;
  }
}

/** The live connection changed state (fired by whoever owns the connection: a provider or a standalone widget). */
export class RkLiveStatusEvent extends Event {
  static readonly eventName = 'rk-live-status';
  readonly status: ConnectionStatus;

  constructor(status: ConnectionStatus) {
    super(RkLiveStatusEvent.eventName, { bubbles: true, composed: true });
    this.status = status;
  }
}

/** A disclosure (e.g. the health gauge's explanation) opened or closed. */
export class RkToggleEvent extends Event {
  static readonly eventName = 'rk-toggle';
  readonly open: boolean;

  constructor(open: boolean) {
    super(RkToggleEvent.eventName, { bubbles: true, composed: true });
    this.open = open;
  }
}

/** A customer was chosen (e.g. the company of an alert): the page may open it. */
export class RkSelectEvent extends Event {
  static readonly eventName = 'rk-select';
  readonly customerId: string;

  constructor(customerId: string) {
    super(RkSelectEvent.eventName, { bubbles: true, composed: true });
    this.customerId = customerId;
  }
}

/**
 * A list's view (filters, sort, search) changed by the user: `view` holds its parameters as the
 * list's query string names them (only those set), so a host can keep them in its URL and give
 * them back as attributes.
 */
export class RkViewChangeEvent extends Event {
  static readonly eventName = 'rk-view-change';
  readonly view: Readonly<Record<string, string>>;

  constructor(view: Readonly<Record<string, string>>) {
    super(RkViewChangeEvent.eventName, { bubbles: true, composed: true });
    this.view = view;
  }
}

/**
 * A list's view was fetched as a file (`format`: csv or xlsx): the kit saves `blob` as `filename`
 * unless the page cancels this to keep it its own way.
 */
export class RkExportEvent extends Event {
  static readonly eventName = 'rk-export';
  readonly format: 'csv' | 'xlsx';
  readonly blob: Blob;
  readonly filename: string;

  constructor(format: 'csv' | 'xlsx', blob: Blob, filename: string) {
    super(RkExportEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.format = format;
    this.blob = blob;
    this.filename = filename;
  }
}

/** A note was saved: `event.note`, as the server stored it. */
export class RkNoteAddedEvent extends Event {
  static readonly eventName = 'rk-note-added';
  readonly note: AccountNote;

  constructor(note: AccountNote) {
    super(RkNoteAddedEvent.eventName, { bubbles: true, composed: true });
    this.note = note;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rk-action': RkActionEvent;
    'rk-recommendation-start': RkRecommendationStartEvent;
    'rk-error': RkErrorEvent;
    'rk-live-status': RkLiveStatusEvent;
    'rk-toggle': RkToggleEvent;
    'rk-select': RkSelectEvent;
    'rk-view-change': RkViewChangeEvent;
    'rk-export': RkExportEvent;
    'rk-note-added': RkNoteAddedEvent;
  }
}

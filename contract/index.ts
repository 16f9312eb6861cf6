/**
 * The wire contract between the server and the widgets, declared once: the server's live events
 * and routes are typed by it, and so is the widgets' client, so a change on one side fails the
 * type check of the other. Type-only: nothing here exists at run time.
 */
export type * from './vocabulary';
export type * from './rest';
export type * from './live-events';

/**
 * Context keys: `<rk-provider>` provides one ApiClient and one LiveStore; widgets consume them
 * with `@consume({ context: apiClientContext, subscribe: true })`. Keys are registered symbols,
 * so a widget finds a provider even when the page holds two copies of this module.
 */
import { createContext } from '@lit/context';
import type { ApiClient } from './api-client';
import type { LiveStore } from './live-store';

export const apiClientContext = createContext<ApiClient | undefined>(Symbol.for('retention-kit/api-client@1'));
export const liveStoreContext = createContext<LiveStore | undefined>(Symbol.for('retention-kit/live-store@1'));

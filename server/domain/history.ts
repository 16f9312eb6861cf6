/**
 * How a history row's state follows from the row before it: each row keeps what its event set
 * (`changes`), and its state is the previous state with those changes applied. A value as of t
 * is therefore the one set by the latest event at or before t that set it, whatever order the
 * events arrived in (docs/history.md, "Late events").
 */

export type HistoryKind = 'account' | 'ticket' | 'milestone' | 'integration';
export type HistoryState = Record<string, unknown>;

/** What an account or item is before its first event: the current tables' column defaults. */
export const INITIAL_STATE: Readonly<Record<HistoryKind, HistoryState>> = {
  account: {
    payment_status: 'current',
    contract_end_date: null,
    mrr: 0,
    plan: 'standard',
    lifecycle_stage: 'onboarding',
    client_count: 0,
    custom_fields_used: 0,
    customer_since: null,
    traits: {},
  },
  ticket: { status: 'open', escalated: false, satisfaction_rating: null, response_time_hours: null, resolution_time_hours: null },
  milestone: { status: 'pending' },
  integration: { status: 'disconnected' },
};

/**
 * The state after an event's changes. Traits are a patch of their own (null removes one); a
 * churned account stays churned, as the accounts row keeps it (an upsert's stage is ignored).
 */
export function applyChanges(kind: HistoryKind, state: HistoryState, changes: HistoryState): HistoryState {
  const next = { ...state, ...changes };
  if (kind !== 'account') return next;
  if (state.lifecycle_stage === 'churned') next.lifecycle_stage = 'churned';
  if (changes.traits !== undefined) {
    const traits = { ...(state.traits as HistoryState) };
    for (const [key, value] of Object.entries(changes.traits as HistoryState)) {
      if (value === null) delete traits[key];
      else traits[key] = value;
    }
    next.traits = traits;
  }
  return next;
}

/**
 * The changes that turn `previous` into `next` (everything when there is no previous state), for
 * rows known only by their states: what an event set to the value it already had is not seen.
 */
export function stateChanges(previous: HistoryState | null, next: HistoryState): HistoryState {
  if (previous === null) return next;
  const changes: HistoryState = {};
  for (const [key, value] of Object.entries(next)) {
    if (key === 'traits') {
      const before = (previous.traits ?? {}) as HistoryState;
      const after = value as HistoryState;
      const traits: HistoryState = {};
      for (const name of Object.keys(before)) if (!(name in after)) traits[name] = null;
      for (const [name, v] of Object.entries(after)) if (before[name] !== v) traits[name] = v;
      if (Object.keys(traits).length > 0) changes.traits = traits;
    } else if (JSON.stringify(previous[key]) !== JSON.stringify(value)) {
      changes[key] = value;
    }
  }
  return changes;
}

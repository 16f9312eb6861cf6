import { expect } from '@open-wc/testing';
import { compareAtRisk, LIVE_AT_RISK } from '../../widgets/at-risk-table/at-risk-model';
import { overlay } from '../../widgets/core/live-rule';
import { arrivalMark, LiveStore } from '../../widgets/core/live-store';
import type { AtRiskCustomer } from '../../widgets/core/types';
import { healthUpdate } from './support/fixtures';

const atRisk = (id: string, priority: AtRiskCustomer['intervention_priority'], churn: number | null, score = 30): AtRiskCustomer => ({
  customer_id: id,
  company_name: id.toUpperCase(),
  last_health_score: score,
  predicted_churn_score: churn,
  intervention_priority: priority,
  risk_factors: [],
  coverage: 1,
  unknown_factors: [],
  last_updated: '2025-10-20T00:00:00.000Z',
});

/** The table's rows: `list`, requested at `since`, with the store's live copies laid over it. */
const live = (list: readonly AtRiskCustomer[], since: number, store: LiveStore) =>
  overlay(list, LIVE_AT_RISK.copies(LIVE_AT_RISK.watch(store), store), since, LIVE_AT_RISK);

describe('at-risk model: live events', () => {
  const ids = (rows: readonly AtRiskCustomer[]) => [...rows].sort(compareAtRisk).map((c) => c.customer_id);
  const churn = (account_id: string, churned_at: string | null) => ({
    type: 'status_update' as const,
    id: null,
    data: { account_id, company_name: account_id, lifecycle_stage: churned_at ? 'churned' : 'active', previous_lifecycle_stage: 'active', churned_at },
  });

  it('moves customers in, out and within a list by the updates that came after it', () => {
    const store = new LiveStore();
    // Known before the list was taken: already in it, so not applied again.
    store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ account_id: 'x', intervention_priority: 'critical' }) });
    const list = [atRisk('b', 'high', 0.6), atRisk('a', 'critical', 0.5), atRisk('c', 'high', null)];
    const since = arrivalMark();
    expect(live(list, since, store)).to.equal(list);

    store.apply({ type: 'customer_health_update', id: 2, data: healthUpdate({ account_id: 'd', intervention_priority: 'critical', churn_probability: 0.9 }) });
    let rows = live(list, since, store);
    expect(ids(rows)).to.deep.equal(['d', 'a', 'b', 'c']);
    expect(rows.find((c) => c.customer_id === 'd')).to.include({ last_health_score: 41, predicted_churn_score: 0.9 });

    store.apply({ type: 'customer_health_update', id: 3, data: healthUpdate({ account_id: 'a', intervention_priority: 'medium', health_score: 60 }) });
    store.apply(churn('b', '2025-10-21T00:00:00.000Z'));
    rows = live(list, since, store);
    expect(ids(rows)).to.deep.equal(['d', 'c']);
    // The list itself is untouched: another widget's list from the same store is its own.
    expect(ids(list)).to.deep.equal(['a', 'b', 'c']);
  });

  it('keeps a row the list computed after the update, and a customer whose churn was undone', () => {
    const store = new LiveStore();
    const list = [atRisk('a', 'critical', 0.5)];
    const since = arrivalMark();
    store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ account_id: 'a', intervention_priority: 'low', computed_at: '2025-10-19T00:00:00.000Z' }) });
    store.apply(churn('a', null));
    expect(ids(live(list, since, store))).to.deep.equal(['a']);
  });

  it('takes a churned customer out even when its churn date is older than the row', () => {
    const store = new LiveStore();
    const list = [atRisk('a', 'critical', 0.5), atRisk('b', 'high', 0.4)];
    const since = arrivalMark();
    store.apply(churn('a', '2025-09-01T00:00:00.000Z'));
    // A later update of the churned customer does not bring the row back.
    store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ account_id: 'a', intervention_priority: 'critical', computed_at: '2025-10-25T00:00:00.000Z' }) });
    expect(ids(live(list, since, store))).to.deep.equal(['b']);
  });
});

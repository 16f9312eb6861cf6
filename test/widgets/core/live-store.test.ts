import { expect } from '@open-wc/testing';
import { compareAtRisk, liveAtRisk, LiveStore } from '../../../widgets/core/live-store';
import type { AtRiskCustomer, Intervention } from '../../../widgets/core/types';
import { healthUpdate, intervention as baseIntervention } from '../support/fixtures';

const atRisk = (id: string, priority: AtRiskCustomer['intervention_priority'], churn: number | null, score = 30): AtRiskCustomer => ({
  customer_id: id,
  company_name: id.toUpperCase(),
  last_health_score: score,
  predicted_churn_score: churn,
  intervention_priority: priority,
  risk_factors: [],
  last_updated: '2025-10-20T00:00:00.000Z',
});

const intervention = (id: string, status: Intervention['status']): Intervention =>
  baseIntervention({
    id,
    trigger_type: 'health_score_drop',
    status,
    priority: 'high',
    assigned_to: 'csm@example.com',
    created_by: 'system',
    scheduled_at: null,
    created_at: '2025-10-20T00:00:00.000Z',
    updated_at: '2025-10-20T00:00:00.000Z',
  });

describe('LiveStore.apply', () => {
  it('keeps the latest health update per account and records the event id', () => {
    const store = new LiveStore();
    store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ health_score: 41 }) });
    expect(store.healthOf('cust_acme')?.health_score).to.equal(41);
    expect(store.lastEventId.get()).to.equal(1);
    // An older computation arriving late does not win.
    store.apply({ type: 'customer_health_update', id: 2, data: healthUpdate({ health_score: 90, computed_at: '2025-10-01T00:00:00.000Z' }) });
    expect(store.healthOf('cust_acme')?.health_score).to.equal(41);
    expect(store.lastEventId.get()).to.equal(2);
  });

  it('ignores events at or below the last event id (resume duplicates)', () => {
    const store = new LiveStore();
    store.apply({ type: 'customer_health_update', id: 5, data: healthUpdate({ health_score: 41 }) });
    store.apply({ type: 'customer_health_update', id: 5, data: healthUpdate({ health_score: 10, computed_at: '2025-10-30T00:00:00.000Z' }) });
    store.apply({ type: 'customer_health_update', id: 4, data: healthUpdate({ health_score: 10, computed_at: '2025-10-30T00:00:00.000Z' }) });
    expect(store.healthOf('cust_acme')?.health_score).to.equal(41);
  });

  it('prepends churn alerts, newest first, without duplicates', () => {
    const store = new LiveStore();
    const alert = (alert_id: string) => ({
      alert_id,
      account_id: 'cust_acme',
      company_name: 'Acme Robotics',
      severity: 'critical' as const,
      title: 'Churn risk',
      message: 'Health fell below 25',
      created_at: '2025-10-21T00:00:00.000Z',
    });
    store.apply({ type: 'churn_alert', id: 1, data: alert('x') });
    store.apply({ type: 'churn_alert', id: 2, data: alert('y') });
    store.apply({ type: 'churn_alert', id: 3, data: alert('x') });
    expect(store.alerts.get().map((a) => a.alert_id)).to.deep.equal(['x', 'y']);
  });

  it('upserts interventions by id', () => {
    const store = new LiveStore();
    store.setInterventions([intervention('i1', 'planned')]);
    store.apply({ type: 'intervention_update', id: 1, data: { action: 'updated', intervention: intervention('i1', 'completed') } });
    store.apply({ type: 'intervention_update', id: 2, data: { action: 'created', intervention: intervention('i2', 'planned') } });
    expect([...store.interventions.get().values()].map((i) => `${i.id}:${i.status}`)).to.deep.equal(['i1:completed', 'i2:planned']);
  });

  it('records lifecycle changes', () => {
    const store = new LiveStore();
    store.apply({
      type: 'status_update',
      id: 1,
      data: { account_id: 'a', company_name: 'A', lifecycle_stage: 'churned', previous_lifecycle_stage: 'active', churned_at: '2025-10-21T00:00:00.000Z' },
    });
    expect(store.lifecycle.get().get('a')?.lifecycle_stage).to.equal('churned');
  });

  it('a reset bumps the refetch counter', () => {
    const store = new LiveStore();
    expect(store.refetch.get()).to.equal(0);
    store.apply({ type: 'reset', id: 7, data: { reason: 'gap' } });
    expect(store.refetch.get()).to.equal(1);
    expect(store.lastEventId.get()).to.equal(7);
  });

  it('counts demand and tells listeners', () => {
    const store = new LiveStore();
    const seen: number[] = [];
    const off = store.onDemandChange((n) => seen.push(n));
    const release1 = store.retain();
    const release2 = store.retain();
    release1();
    release1();
    release2();
    off();
    store.retain();
    expect(seen).to.deep.equal([1, 2, 1, 0]);
    expect(store.demandCount).to.equal(1);
  });
});

describe('liveAtRisk', () => {
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
    const since = store.accounts.get();
    expect(liveAtRisk(list, since, store.accounts.get())).to.equal(list);

    store.apply({ type: 'customer_health_update', id: 2, data: healthUpdate({ account_id: 'd', intervention_priority: 'critical', churn_probability: 0.9 }) });
    let rows = liveAtRisk(list, since, store.accounts.get());
    expect(ids(rows)).to.deep.equal(['d', 'a', 'b', 'c']);
    expect(rows.find((c) => c.customer_id === 'd')).to.include({ last_health_score: 41, predicted_churn_score: 0.9 });

    store.apply({ type: 'customer_health_update', id: 3, data: healthUpdate({ account_id: 'a', intervention_priority: 'medium', health_score: 60 }) });
    store.apply(churn('b', '2025-10-21T00:00:00.000Z'));
    rows = liveAtRisk(list, since, store.accounts.get());
    expect(ids(rows)).to.deep.equal(['d', 'c']);
    // The list itself is untouched: another widget's list from the same store is its own.
    expect(ids(list)).to.deep.equal(['a', 'b', 'c']);
  });

  it('keeps a row the list computed after the update, and a customer whose churn was undone', () => {
    const store = new LiveStore();
    const list = [atRisk('a', 'critical', 0.5)];
    const since = store.accounts.get();
    store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ account_id: 'a', intervention_priority: 'low', computed_at: '2025-10-19T00:00:00.000Z' }) });
    store.apply(churn('a', null));
    expect(ids(liveAtRisk(list, since, store.accounts.get()))).to.deep.equal(['a']);
  });
});

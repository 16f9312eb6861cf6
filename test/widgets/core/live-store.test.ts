import { expect } from '@open-wc/testing';
import { LiveStore } from '../../../widgets/core/live-store';
import type { Intervention } from '../../../widgets/core/types';
import { healthUpdate, intervention as baseIntervention } from '../support/fixtures';

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
      acknowledged_at: null,
      acknowledged_by: null,
    });
    store.apply({ type: 'churn_alert', id: 1, data: alert('x') });
    store.apply({ type: 'churn_alert', id: 2, data: alert('y') });
    store.apply({ type: 'churn_alert', id: 3, data: alert('x') });
    expect(store.alerts.get().map((a) => a.alert_id)).to.deep.equal(['x', 'y']);
  });

  it('upserts interventions by id', () => {
    const store = new LiveStore();
    store.apply({ type: 'intervention_update', id: 1, data: { action: 'created', intervention: intervention('i1', 'planned') } });
    store.apply({ type: 'intervention_update', id: 2, data: { action: 'updated', intervention: intervention('i1', 'completed') } });
    store.apply({ type: 'intervention_update', id: 3, data: { action: 'created', intervention: intervention('i2', 'planned') } });
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

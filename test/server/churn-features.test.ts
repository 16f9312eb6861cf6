import { describe, expect, it } from 'vitest';
import { churnFeatures, describeDriver } from '../../server/domain/churn-features';

describe('churn drivers in words', () => {
  it.each([
    ['last_login_days', 41, 'no login for 41 days'],
    ['last_login_days', null, 'nobody ever logged in'],
    ['contract_days_left', -3, 'contract ended 3 days ago'],
    ['payment_status', 'failed', 'payment status: failed'],
    ['trait.contract_type', 'month_to_month', 'contract_type: month to month'],
    ['health_score_change_30d', -12, 'health score down 12 over 30 days'],
    ['active_users_change_90d', 2, 'active users up 2 over 90 days'],
    ['trait.seats', 7.25, 'seats: 7.25'],
  ] as const)('%s = %s reads "%s"', (feature, value, text) => {
    expect(describeDriver(feature, value, 0.5)).toEqual({ feature, value, contribution: 0.5, text });
  });
});

describe('churn features', () => {
  it('adds one feature per trait, numeric only when every value seen is a number, sorted by name', () => {
    const features = churnFeatures([{ 'trait.seats': 3, 'trait.region': 'emea' }, { 'trait.seats': 5, 'trait.tier': 2 }, { 'trait.tier': 'gold' }]);
    expect(features.filter((f) => f.name.startsWith('trait.'))).toEqual([
      { name: 'trait.region', kind: 'categorical' },
      { name: 'trait.seats', kind: 'numeric' },
      { name: 'trait.tier', kind: 'categorical' },
    ]);
  });
});

/**
 * Risk factors in the reader's language: the server sends each as a code with parameters
 * (`risk_factor_details`) beside its English sentence (`risk_factors`); a code this version does
 * not know, and data without codes, show the sentence.
 */
import { msg, str } from '@lit/localize';
import type { Formatter } from './format';
import type { RiskFactor } from './types';

/** The factors of a health or at-risk row: the coded ones when sent, else the sentences as they are. */
export function riskFactorsOf(item: { risk_factors: readonly string[]; risk_factor_details?: readonly RiskFactor[] | undefined }): readonly RiskFactor[] {
  return item.risk_factor_details ?? item.risk_factors.map((text) => ({ code: 'other', params: {}, text }));
}

/** One factor in the updating element's language, its numbers formatted by `f`. */
export function riskFactorText(factor: RiskFactor, f: Formatter): string {
  const p = factor.params;
  const n = (name: string) => f.number(p[name] ?? NaN);
  const one = (name: string) => p[name] === 1;
  switch (factor.code) {
    case 'payment_failed':
      return msg('Payment failed');
    case 'payment_overdue':
      return msg('Payment overdue');
    case 'contract_ended_days':
      return one('days') ? msg('Contract ended 1 day ago') : msg(str`Contract ended ${n('days')} days ago`);
    case 'contract_ends_today':
      return msg('Contract ends today');
    case 'contract_ends_days':
      return one('days') ? msg('Contract ends in 1 day') : msg(str`Contract ends in ${n('days')} days`);
    case 'never_logged_in':
      return msg('Never logged in');
    case 'no_login_days':
      return msg(str`No login in ${n('days')} days`);
    case 'low_engagement':
      return msg(str`Engagement score ${n('score')}`);
    case 'escalations_90d':
      return one('count') ? msg('1 escalation in 90 days') : msg(str`${n('count')} escalations in 90 days`);
    case 'open_tickets':
      return one('count') ? msg('1 open support ticket') : msg(str`${n('count')} open support tickets`);
    case 'negative_nps':
      return msg(str`NPS ${n('nps')}`);
    default:
      return factor.text;
  }
}

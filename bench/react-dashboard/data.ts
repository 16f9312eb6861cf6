/**
 * The dashboard's data layer, as a React app would write it without a data library: fetch with a
 * bearer token, a hook per endpoint, and one EventSource for live updates (the kit's ApiClient,
 * DataController and LiveStore do the same for the widgets).
 */
import { useEffect, useState } from 'react';

export interface Kpis {
  overview: { total_customers: number; active_customers: number; at_risk_customers: number; churned_customers_30d: number };
  health_metrics: { avg_health_score: number; avg_churn_probability: number; nps_score: number };
  financial_metrics: { monthly_recurring_revenue: number; ltv_cac_ratio: number };
  distributions: { health_status: Record<string, number> };
}
export interface AtRisk {
  customer_id: string;
  company_name: string;
  last_health_score: number;
  predicted_churn_score: number | null;
  intervention_priority: 'low' | 'medium' | 'high' | 'critical';
  risk_factors: string[];
}
export interface ChurnMonth {
  month: string;
  churn_rate: number;
  rolling_average: number;
}
export interface Intervention {
  id: string;
  customer_id: string;
  type: string;
  status: string;
  notes: string | null;
}
export interface Alert {
  alert_id: string;
  company_name: string;
  severity: string;
  title: string;
  message: string;
  created_at: string;
}
export interface Health {
  customer_id: string;
  company_name: string;
  health_score: number;
  status: string;
  components: Record<string, number>;
}

export interface Api {
  base: string;
  token: string;
}

export async function request<T>(api: Api, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${api.base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return (await res.json()) as T;
}

export type Loadable<T> = { state: 'loading' } | { state: 'error'; error: Error; retry: () => void } | { state: 'ready'; data: T };

export function useApi<T>(api: Api, path: string | null, refreshSeconds = 60): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!path) return;
    let cancelled = false;
    const load = () =>
      request<T>(api, path).then(
        (data) => !cancelled && setResult({ state: 'ready', data }),
        (error: Error) => !cancelled && setResult({ state: 'error', error, retry: () => setAttempt((n) => n + 1) }),
      );
    setResult({ state: 'loading' });
    void load();
    const timer = setInterval(load, refreshSeconds * 1000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, path, refreshSeconds, attempt]);
  return result;
}

/** One EventSource for the page; listeners per event type. */
export function useLive(api: Api, onEvent: (type: string, data: unknown) => void): 'connecting' | 'live' | 'offline' {
  const [status, setStatus] = useState<'connecting' | 'live' | 'offline'>('connecting');
  useEffect(() => {
    const source = new EventSource(`${api.base}/api/events?token=${encodeURIComponent(api.token)}`);
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus('offline');
    for (const type of ['customer_health_update', 'churn_alert', 'intervention_update', 'reset']) {
      source.addEventListener(type, (e) => onEvent(type, JSON.parse((e as MessageEvent<string>).data)));
    }
    return () => source.close();
  }, [api, onEvent]);
  return status;
}

import { KpiSummary } from './kpi-summary';

KpiSummary.define('kpi-summary');

declare global {
  interface HTMLElementTagNameMap {
    'kpi-summary': KpiSummary;
  }
}

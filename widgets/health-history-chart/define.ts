import { HealthHistoryChart } from './health-history-chart';

HealthHistoryChart.define('health-history-chart');

declare global {
  interface HTMLElementTagNameMap {
    'health-history-chart': HealthHistoryChart;
  }
}

import { ChurnChart } from './churn-chart';

ChurnChart.define('churn-chart');

declare global {
  interface HTMLElementTagNameMap {
    'churn-chart': ChurnChart;
  }
}

import { ChurnModelReport } from './churn-model-report';

ChurnModelReport.define('churn-model-report');

declare global {
  interface HTMLElementTagNameMap {
    'churn-model-report': ChurnModelReport;
  }
}

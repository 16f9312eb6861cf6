import { ChurnAlerts } from './churn-alerts';

ChurnAlerts.define('churn-alerts');

declare global {
  interface HTMLElementTagNameMap {
    'churn-alerts': ChurnAlerts;
  }
}

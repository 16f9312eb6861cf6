import { HealthGauge } from './health-gauge';

HealthGauge.define('health-gauge');

declare global {
  interface HTMLElementTagNameMap {
    'health-gauge': HealthGauge;
  }
}

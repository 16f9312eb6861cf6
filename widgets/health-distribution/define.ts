import { HealthDistribution } from './health-distribution';

HealthDistribution.define('health-distribution');

declare global {
  interface HTMLElementTagNameMap {
    'health-distribution': HealthDistribution;
  }
}

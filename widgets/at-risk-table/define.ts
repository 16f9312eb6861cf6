import { AtRiskTable } from './at-risk-table';

AtRiskTable.define('at-risk-table');

declare global {
  interface HTMLElementTagNameMap {
    'at-risk-table': AtRiskTable;
  }
}

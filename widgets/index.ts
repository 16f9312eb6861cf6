/**
 * retention-kit as a library (`retention-kit-all.js`): importing it defines every element at once
 * and exports the classes and the shared helpers. Pages load `retention-kit.js` (autoloader.ts)
 * instead, which fetches each element when its tag appears; a widget's own `define` file takes
 * only that one. The provider comes first so that widgets already in the page find it when they
 * upgrade.
 */
import './rk-provider/define';
import './health-gauge/define';
import './churn-chart/define';
import './health-history-chart/define';
import './health-distribution/define';
import './kpi-summary/define';
import './intervention-queue/define';
import './at-risk-table/define';
import './churn-alerts/define';
import './customer-health-card/define';
import './playbook-impact/define';
import './customer-list/define';
import './churn-model-report/define';
import './customer-detail/define';

export { RkProvider } from './rk-provider/rk-provider';
export { HealthGauge } from './health-gauge/health-gauge';
export { ChurnChart } from './churn-chart/churn-chart';
export { HealthHistoryChart } from './health-history-chart/health-history-chart';
export { HealthDistribution, healthCounts, type HealthCounts } from './health-distribution/health-distribution';
export { KpiSummary, KPI_KEYS, type KpiKey, type KpiSummaryData } from './kpi-summary/kpi-summary';
export { InterventionQueue, RkInterventionChangeEvent, type InterventionAction } from './intervention-queue/intervention-queue';
export { AtRiskTable } from './at-risk-table/at-risk-table';
export {
  AT_RISK_PRIORITIES,
  AT_RISK_SORT_COLUMNS,
  compareAtRisk,
  DEFAULT_AT_RISK_SORT,
  filterAtRisk,
  parseAtRiskSort,
  sortAtRisk,
  type AtRiskSortColumn,
  type AtRiskSortOrder,
} from './at-risk-table/at-risk-model';
export { ChurnAlerts, RkAlertDismissEvent, compareAlerts, type AlertDismissReason, type AlertView } from './churn-alerts/churn-alerts';
export { CustomerHealthCard, type CustomerHealthCardData } from './customer-health-card/customer-health-card';
export {
  impactRows,
  nextImpactSort,
  parseImpactSort,
  PlaybookImpact,
  sortImpactRows,
  type EvidenceVerdict,
  type ImpactGrouping,
  type ImpactRow,
  type ImpactSortColumn,
} from './playbook-impact/playbook-impact';
export { CustomerList } from './customer-list/customer-list';
export { cleanView, queryOf, SORT_COLUMNS as CUSTOMER_LIST_SORT_COLUMNS, VIEW_KEYS as CUSTOMER_LIST_VIEW_KEYS, type CustomerListView } from './customer-list/customer-list-view';
export {
  baselineLabel,
  chosenRun,
  ChurnModelReport,
  churnersNeeded,
  decileLifts,
  MIN_TEST_CHURNERS,
  truePositiveRateAt,
  type ChurnReportChart,
  type DecileLift,
} from './churn-model-report/churn-model-report';
export { CustomerDetail } from './customer-detail/customer-detail';
export * from './core/index';

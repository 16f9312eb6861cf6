/**
 * Type-check only (`npm run typecheck`; no test runner loads it): the bodies the server builds are
 * the ones the wire contract declares, so a field changed on one side fails `tsc` until the other
 * follows. The live events need no line here: server/live/events.ts takes its shapes from the
 * contract itself.
 */
import type { z } from 'zod';
import type * as Contract from '../../contract';
import type { interventionSchema } from '../../server/routes/interventions';
import type { InterventionView } from '../../server/live/builders';
import type * as Reports from '../../server/services/reports';
import type { RecommendedAction } from '../../server/domain/playbooks';

/** `true` when `A` and `B` are assignable both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<Condition extends true> = Condition;

export type ServerShapesMatchTheContract = [
  Assert<Same<Reports.Kpis, Contract.Kpis>>,
  Assert<Same<Reports.AtRiskCustomer, Contract.AtRiskCustomer>>,
  Assert<Same<Reports.CustomerRow, Contract.CustomerRow>>,
  Assert<Same<Reports.ChurnMonth, Contract.ChurnMonth>>,
  Assert<Same<Reports.FinanceSummary, Contract.FinanceSummary>>,
  Assert<Same<Reports.CustomerSort, Contract.CustomerSort>>,
  // The contract's `company_name` is the page's own addition: the server's body has every other field.
  Assert<Same<InterventionView, Omit<Contract.Intervention, 'company_name'>>>,
  Assert<Same<z.infer<typeof interventionSchema>, Omit<Contract.Intervention, 'company_name'>>>,
  Assert<Same<RecommendedAction, Contract.RecommendedAction>>,
];

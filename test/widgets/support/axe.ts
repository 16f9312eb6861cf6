import { expect } from '@open-wc/testing';
// axe-core's browser build: a UMD script that sets window.axe.
import 'axe-core/axe.min.js';
import type AxeCore from 'axe-core';

declare global {
  interface Window {
    axe: typeof AxeCore;
  }
}

/** Runs axe on `element` (including its shadow DOM) and returns the violations, formatted for a failure message. */
export async function axeViolations(element: Element): Promise<string[]> {
  const results = await window.axe.run(element, { resultTypes: ['violations'] });
  return results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
}

/** Fails with the violations when axe finds any in `element`. */
export async function expectAccessible(element: Element): Promise<void> {
  const violations = await axeViolations(element);
  expect(violations, violations.join('\n')).to.deep.equal([]);
}

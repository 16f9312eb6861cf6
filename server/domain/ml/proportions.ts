/** The standard normal quantile for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

export interface ProportionInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Wilson score interval for x successes in n trials (no continuity correction): unlike the Wald
 * interval it stays inside [0, 1] and keeps its coverage for rare events and small groups, which is
 * what churn rates in a play's control group are.
 */
export function wilsonInterval(successes: number, trials: number): ProportionInterval {
  assertCounts(successes, trials);
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const centre = 2 * successes + z2;
  const spread = Z95 * Math.sqrt(z2 + 4 * successes * (1 - p));
  const denominator = 2 * (trials + z2);
  return { estimate: p, lower: Math.max(0, (centre - spread) / denominator), upper: Math.min(1, (centre + spread) / denominator) };
}

/**
 * Newcombe's hybrid score interval for p₁ − p₂ (Newcombe 1998, method 10): combines the two Wilson
 * intervals, so it behaves well with small counts and rates near 0 — the treated-versus-held-out
 * churn difference of a play.
 */
export function newcombeDifference(
  successes1: number,
  trials1: number,
  successes2: number,
  trials2: number,
): ProportionInterval {
  const a = wilsonInterval(successes1, trials1);
  const b = wilsonInterval(successes2, trials2);
  const difference = a.estimate - b.estimate;
  return {
    estimate: difference,
    lower: difference - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2),
    upper: difference + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2),
  };
}

function assertCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials <= 0 || successes < 0 || successes > trials) {
    throw new Error(`a proportion needs whole counts with 0 ≤ successes ≤ trials and trials > 0, not ${successes}/${trials}`);
  }
}

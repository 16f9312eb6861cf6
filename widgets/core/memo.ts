/** Whether two argument lists hold the same values (`Object.is`, item by item). */
export function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** Wraps `compute` to return its last result while its arguments stay the same: one slot is all a render needs. */
export function lastResult<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | undefined;
  return (...args: A) => {
    if (last && sameValues(last.args, args)) return last.result;
    last = { args, result: compute(...args) };
    return last.result;
  };
}

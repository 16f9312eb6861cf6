/**
 * How many event streams each token holds open on this instance: a stream holds a socket and a
 * hub subscriber for hours, so one leaked token must not open thousands.
 */
export class StreamQuota {
  readonly #open = new Map<string, number>();

  constructor(readonly perToken: number) {}

  /** Takes one of the token's slots: the release to call when its stream ends, or null when all are taken. */
  acquire(tokenId: string): (() => void) | null {
    const open = this.#open.get(tokenId) ?? 0;
    if (open >= this.perToken) return null;
    this.#open.set(tokenId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(tokenId) ?? 1) - 1;
      if (left === 0) this.#open.delete(tokenId);
      else this.#open.set(tokenId, left);
    };
  }
}

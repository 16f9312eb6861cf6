/**
 * Seeded pseudo-random numbers: every fit, subsample and bootstrap in this folder draws from one of
 * these, so a model or an interval is reproducible from its seed. Not for secrets.
 */
export interface Random {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * xoshiro128** (Blackman and Vigna 2018) on an explicit 128-bit state, advanced in place. Small,
 * fast with 32-bit integer arithmetic and statistically sound for simulation, unlike Math.random,
 * which cannot be seeded.
 */
export function xoshiro128ss(state: Uint32Array): () => number {
  if (state.length !== 4 || state.every((word) => word === 0)) {
    throw new Error('xoshiro128** needs four 32-bit words, not all zero');
  }
  return () => {
    let s0 = state[0]!;
    let s1 = state[1]!;
    let s2 = state[2]!;
    let s3 = state[3]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
    return result;
  };
}

/** A generator from any integer seed; the state is spread by splitmix32 so nearby seeds diverge at once. */
export function createRandom(seed: number): Random {
  let x = seed >>> 0;
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  if (state.every((word) => word === 0)) state[0] = 1;
  const nextWord = xoshiro128ss(state);
  return {
    next: () => nextWord() / 4_294_967_296,
    int: (n) => Math.floor((nextWord() / 4_294_967_296) * n),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

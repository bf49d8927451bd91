/**
 * Two threads share one list of files: the main thread takes chunks from the front, the scan
 * thread from the back, until they meet. `state` (shared memory) packs the next front index and
 * the end of the unclaimed range into one 64-bit word, so a claim is one compare-and-swap.
 */
export function createClaims(length: number): BigInt64Array {
  const state = new BigInt64Array(new SharedArrayBuffer(8));
  state[0] = BigInt(length);
  return state;
}

/** The next chunk `[from, to)` from the front, or undefined when everything is claimed. */
export function claimFront(state: BigInt64Array, size: number): [number, number] | undefined {
  for (;;) {
    const s = Atomics.load(state, 0);
    const front = Number(s >> 32n);
    const back = Number(s & 0xffffffffn);
    if (front >= back) return undefined;
    const next = Math.min(front + size, back);
    if (Atomics.compareExchange(state, 0, s, (BigInt(next) << 32n) | BigInt(back)) === s) return [front, next];
  }
}

/** The next chunk `[from, to)` from the back, or undefined when everything is claimed. */
export function claimBack(state: BigInt64Array, size: number): [number, number] | undefined {
  for (;;) {
    const s = Atomics.load(state, 0);
    const front = Number(s >> 32n);
    const back = Number(s & 0xffffffffn);
    if (front >= back) return undefined;
    const next = Math.max(back - size, front);
    if (Atomics.compareExchange(state, 0, s, (BigInt(front) << 32n) | BigInt(next)) === s) return [next, back];
  }
}

/** Where the back claims start: every index from here on was taken by the scan thread. */
export function claimedBack(state: BigInt64Array): number {
  return Number(Atomics.load(state, 0) & 0xffffffffn);
}

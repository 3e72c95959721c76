// A tensor's bytes as windows of at most 1 GiB: one JavaScript ArrayBuffer holds at most
// 4 GiB, and checkpoints (LLM shards) hold storages larger than that. Each window is a
// zero-copy view of the tensor's memory (a contiguous CPU tensor), so nothing is doubled.
import { N } from "../native";
import type { Tensor } from "../tensor";

export const WINDOW_BYTES = 0x40000000;

/** The byte windows of `t` (contiguous, on the CPU), in order. */
export function byteWindows(t: Tensor, nbytes: number): Uint8Array[] {
  if (nbytes <= WINDOW_BYTES) return nbytes === 0 ? [] : [new Uint8Array(N.toBuffer(t._h))];
  const out: Uint8Array[] = [];
  for (let off = 0; off < nbytes; off += WINDOW_BYTES)
    out.push(new Uint8Array(N.toBuffer(t._h, false, off, Math.min(WINDOW_BYTES, nbytes - off))));
  return out;
}

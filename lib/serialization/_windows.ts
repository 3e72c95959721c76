// A tensor's bytes as windows of at most 1 GiB: one JavaScript ArrayBuffer holds at most
// 4 GiB, and checkpoints (LLM shards) hold storages larger than that. Each window is a
// zero-copy view of the tensor's memory (a contiguous CPU tensor), so nothing is doubled.
import { N } from "../native";
import { wrap, type Tensor } from "../tensor";
import { callOp } from "../_ops";
import { OPS } from "../_generated/ops";
import { uint8 } from "../dtype";

export const WINDOW_BYTES = 0x40000000;

/** The byte windows of `t` (contiguous, on the CPU), in order. */
export function byteWindows(t: Tensor, nbytes: number): Uint8Array[] {
  if (nbytes <= WINDOW_BYTES) return nbytes === 0 ? [] : [new Uint8Array(N.toBuffer(t._h))];
  const out: Uint8Array[] = [];
  for (let off = 0; off < nbytes; off += WINDOW_BYTES)
    out.push(new Uint8Array(N.toBuffer(t._h, false, off, Math.min(WINDOW_BYTES, nbytes - off))));
  return out;
}

const STAGE_BYTES = 64 << 20;

/**
 * Writes the bytes of `t` (contiguous, on the CPU) window by window through one reusable staging
 * buffer: `fill(bytes, offset)` fills each window (after its current bytes are copied in, when
 * `edit` is set). Loading goes this way rather than through zero-copy windows because a zero-copy
 * buffer keeps the tensor's memory until its finalizer runs on a later tick: a synchronous loop
 * loading checkpoints one after another would hold every one.
 */
export function fillBytes(t: Tensor, nbytes: number, fill: (bytes: Uint8Array, offset: number) => void, edit = false): void {
  if (nbytes === 0) return;
  const flat = callOp(OPS, "reshape", t, [[-1]]) as Tensor;   // a view: t is contiguous
  const bytesOf = callOp(OPS, "view", flat, [uint8]) as Tensor;
  if (flat !== t) flat.dispose();
  const stage = new Uint8Array(Math.min(STAGE_BYTES, nbytes));
  const staged = wrap(N.fromBufferShared(stage, [stage.length], uint8.code));
  try {
    for (let off = 0; off < nbytes; off += stage.length) {
      const len = Math.min(stage.length, nbytes - off);
      const src = len === stage.length ? staged : staged.narrow(0, 0, len);
      const dst = bytesOf.narrow(0, off, len);
      if (edit) src.copy_(dst);
      fill(stage.subarray(0, len), off);
      dst.copy_(src);
      dst.dispose();
      if (src !== staged) src.dispose();
    }
  } finally {
    staged.dispose();
    bytesOf.dispose();
  }
}

// What the side-by-side benchmarks share: the reference Python (scripts/reference-python.js: the
// torch of the same version as the linked libtorch), the median,
// the time of one call, and tutorial 001's training step.
import torch, { type nn, type Tensor } from "../../lib/index";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PYTHON: string = require("../reference-python.js").PYTHON;
export const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
/** Microseconds per call of f over n calls, after `warm` calls of warm-up. */
export function usPerCall(f: () => unknown, n: number, warm: number): number {
  for (let i = 0; i < warm; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  return (performance.now() - t0) / n * 1000;
}
/** One batch of 001's MNISTLearner epoch (calc_grad, BasicOptim's step and zero_grad), as
 * examples/python/tutorials.py's step_001; returns the batch losses so far, kept with torch.cat. */
export function step001(model: nn.Module, params: Tensor[], loss_func: nn.Module, lr: number, losses: Tensor, xb: Tensor, yb: Tensor): Tensor {
  const loss = loss_func(model(xb), yb.squeeze());
  losses = torch.cat([losses, torch.tensor([loss.item() as number])]);
  loss.backward();
  for (const p of params) p.data.sub_(p.grad!.data.mul(lr));
  for (const p of params) p.grad = null;
  return losses;
}

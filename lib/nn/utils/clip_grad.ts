// torch.nn.utils.clip_grad (torch/nn/utils/clip_grad.py).
import { Tensor } from "../../tensor";
import { bindArgs } from "../_utils";
import { op } from "../_ops";
import { V } from "../../version";

// 2.0: a trailing `foreach` (None: the foreach kernels where the device has them; the results
// are the same either way). True fails on a device without them (CPU and CUDA have them).
const FOREACH = V.nn2 ? [["foreach", null] as const] : [];
function checkForeach(foreach: boolean | null, grads: Tensor[]): void {
  if (foreach !== true) return;
  for (const g of grads) {
    const type = g.device.type;
    if (!["cpu", "cuda", "xpu", "mtia"].includes(type)) {
      const e = new Error(`foreach=True was passed, but can't use the foreach API on ${type} tensors`);
      e.name = "RuntimeError";
      throw e;
    }
  }
}

type Params = Tensor | Iterable<Tensor>;

/** Scales all gradients together so that their total norm is at most max_norm; returns the total norm. */
export function clip_grad_norm_(parameters: Params, ...args: any[]): Tensor {
  const [max_norm, norm_type, error_if_nonfinite, foreach = null] = bindArgs("clip_grad_norm_", [["max_norm"], ["norm_type", 2.0], ["error_if_nonfinite", false], ...FOREACH], args);
  const ps = parameters instanceof Tensor ? [parameters] : [...parameters];
  const grads = ps.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return op("scalar_tensor", 0.0);
  checkForeach(foreach, grads);
  const device = grads[0].device;
  let total_norm: Tensor;
  if (norm_type === Infinity) {
    const norms = grads.map((g) => g.detach().abs().max().to(device));
    total_norm = norms.length === 1 ? norms[0] : op("max", op("stack", norms));
  } else {
    total_norm = op("norm", op("stack", grads.map((g) => op("norm", g.detach(), norm_type).to(device))), norm_type);
  }
  if (error_if_nonfinite && (total_norm.isnan().item() || total_norm.isinf().item())) {
    const e = new Error(`The total norm of order ${norm_type === Infinity ? "inf" : Number.isInteger(norm_type) ? norm_type.toFixed(1) : norm_type} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
    e.name = "RuntimeError";
    throw e;
  }
  const clip_coef = total_norm.add(1e-6).reciprocal().mul(max_norm);
  const clip_coef_clamped = op("clamp", clip_coef, { max: 1.0 });
  for (const g of grads) g.detach().mul_(clip_coef_clamped.to(g.device));
  return total_norm;
}

/** Clamps every gradient into [-clip_value, clip_value]. */
export function clip_grad_value_(parameters: Params, ...args: any[]): void {
  const [clip_value, foreach = null] = bindArgs("clip_grad_value_", [["clip_value"], ...FOREACH], args);
  const ps = parameters instanceof Tensor ? [parameters] : [...parameters];
  checkForeach(foreach, ps.map((p) => p.grad).filter((g): g is Tensor => g !== null));
  for (const p of ps) {
    const g = p.grad;
    if (g !== null) g.data.clamp_(-clip_value, clip_value);
  }
}

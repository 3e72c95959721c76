// torch.nn.utils.clip_grad (torch/nn/utils/clip_grad.py).
import { Tensor, pyError } from "../../tensor";
import { no_grad } from "../../autograd";
import { bindArgs, pyFloat, warn } from "../_utils";
import { op } from "../_ops";
import { V } from "../../version";

// 2.0: a trailing `foreach` (None: the foreach kernels where the device has them; the results
// are the same either way). True fails on a device without them (CPU and CUDA have them).
const FOREACH = V.nn2 ? [["foreach", null] as const] : [];
function checkForeach(foreach: boolean | null, grads: Tensor[]): void {
  if (foreach !== true) return;
  for (const g of grads) {
    const type = g.device.type;
    if (!["cpu", "cuda", "xpu", "mtia"].includes(type)) throw pyError("RuntimeError", `foreach=True was passed, but can't use the foreach API on ${type} tensors`);
  }
}

type Params = Tensor | Iterable<Tensor>;
const list = (ps: Params): Tensor[] => (ps instanceof Tensor ? [ps] : [...ps]);
const gradsOf = (ps: Tensor[]) => ps.map((p) => p.grad).filter((g): g is Tensor => g !== null);
const nonfinite = (norm_type: number) => pyError("RuntimeError", `The total norm of order ${pyFloat(norm_type)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);

/** get_total_norm(tensors, norm_type=2, error_if_nonfinite=false, foreach=null) (2.6): the norm of the tensors' norms. */
function _get_total_norm(tensors: Params, ...args: any[]): Tensor {
  const [norm_type, error_if_nonfinite, foreach] = bindArgs("get_total_norm", [["norm_type", 2.0], ["error_if_nonfinite", false], ["foreach", null]], args);
  const ts = list(tensors);
  if (ts.length === 0) return op("scalar_tensor", 0.0);
  checkForeach(foreach, ts);
  return no_grad(() => {
    const first_device = ts[0].device;
    const norms = ts.map((g) => op("linalg_vector_norm", g, norm_type).to(first_device));
    const total_norm: Tensor = op("linalg_vector_norm", op("stack", norms), norm_type);
    if (error_if_nonfinite && total_norm.isnan().logical_or(total_norm.isinf()).item()) throw nonfinite(norm_type);
    return total_norm;
  });
}
/** clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=null) (2.6): scales the gradients by max_norm / total_norm, at most 1. */
function _clip_grads_with_norm_(parameters: Params, ...args: any[]): void {
  const [max_norm, total_norm, foreach] = bindArgs("clip_grads_with_norm_", [["max_norm"], ["total_norm"], ["foreach", null]], args);
  const grads = gradsOf(list(parameters));
  if (grads.length === 0) return;
  checkForeach(foreach, grads);
  no_grad(() => {
    const clip_coef_clamped = op("clamp", total_norm.add(1e-6).reciprocal().mul(max_norm), { max: 1.0 });
    for (const g of grads) g.mul_(clip_coef_clamped.to(g.device));
  });
}
const notHere = (name: string) => () => {
  const e = new Error(`module 'torch.nn.utils' has no attribute '${name}'`);
  e.name = "AttributeError";
  throw e;
};
export const get_total_norm: typeof _get_total_norm = V.get_total_norm ? _get_total_norm : notHere("get_total_norm");
export const clip_grads_with_norm_: typeof _clip_grads_with_norm_ = V.get_total_norm ? _clip_grads_with_norm_ : notHere("clip_grads_with_norm_");

function isGenerator(v: unknown): boolean { return Object.prototype.toString.call(v) === "[object Generator]"; }

/** Scales all gradients together so that their total norm is at most max_norm; returns the total norm. */
export function clip_grad_norm_(parameters: Params, ...args: any[]): Tensor {
  const [max_norm, norm_type, error_if_nonfinite, foreach = null] = bindArgs("clip_grad_norm_", [["max_norm"], ["norm_type", 2.0], ["error_if_nonfinite", false], ...FOREACH], args);
  const generator = isGenerator(parameters);
  const ps = list(parameters);
  if (V.get_total_norm) {
    if (generator && ps.length === 0) warn("`parameters` is an empty generator, no gradient clipping will occur.");
    const total_norm = _get_total_norm(gradsOf(ps), norm_type, error_if_nonfinite, foreach);
    _clip_grads_with_norm_(ps, max_norm, total_norm, foreach);
    return total_norm;
  }
  const grads = gradsOf(ps);
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
  if (error_if_nonfinite && (total_norm.isnan().item() || total_norm.isinf().item())) throw nonfinite(norm_type);
  const clip_coef_clamped = op("clamp", total_norm.add(1e-6).reciprocal().mul(max_norm), { max: 1.0 });
  for (const g of grads) g.detach().mul_(clip_coef_clamped.to(g.device));
  return total_norm;
}

/** clip_grad_norm: deprecated for clip_grad_norm_. */
export function clip_grad_norm(parameters: Params, ...args: any[]): Tensor {
  if (V.nn_utils_future_warning) warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.", "FutureWarning");
  else warn("torch.nn.utils.clip_grad_norm is now deprecated in favor of torch.nn.utils.clip_grad_norm_.");
  return clip_grad_norm_(parameters, ...args);
}

/** Clamps every gradient into [-clip_value, clip_value]. */
export function clip_grad_value_(parameters: Params, ...args: any[]): void {
  const [clip_value, foreach = null] = bindArgs("clip_grad_value_", [["clip_value"], ...FOREACH], args);
  const grads = gradsOf(list(parameters));
  checkForeach(foreach, grads);
  no_grad(() => { for (const g of grads) g.clamp_(-clip_value, clip_value); });
}

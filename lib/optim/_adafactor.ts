// torch.optim.Adafactor (torch/optim/_adafactor.py, 2.5; the single-tensor path, which foreach=None takes).
import type { Tensor } from "../tensor";
import { pyError } from "../tensor";
import { Optimizer, setstateGroups } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { op, zeros } from "../nn/_ops";
import { tuple, mark_float } from "../serialization/_pytypes";
import { V } from "../version";

export interface AdafactorOptions {
  lr?: number; beta2_decay?: number; eps?: [number | null, number]; d?: number; weight_decay?: number;
  foreach?: boolean | null; maximize?: boolean;
}

/** torch.finfo(dtype).eps of the floating dtypes. */
const FINFO_EPS: Record<string, number> = { float32: 2 ** -23, float64: 2 ** -52, float16: 2 ** -10, bfloat16: 2 ** -7 };

/** Adafactor (Shazeer and Stern, 2018): factored second moments of matrices, relative step sizes. */
export class Adafactor extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | AdafactorOptions, beta2_decay?: number | AdafactorOptions,
    eps?: [number | null, number] | AdafactorOptions, d?: number | AdafactorOptions, weight_decay?: number | AdafactorOptions, options?: AdafactorOptions);
  constructor(params: any, ...args: any[]) {
    if (!V.adafactor) throw pyError("AttributeError", "module 'torch.optim' has no attribute 'Adafactor'");
    const [lr, beta2_decay, eps, d, weight_decay, foreach, maximize] = bindArgs("__init__",
      [["lr", 1e-2], ["beta2_decay", -0.8], ["eps", [null, 1e-3]], ["d", 1.0], ["weight_decay", 0.0]], args, [["foreach", null], ["maximize", false]]);
    if (!(0.0 <= lr)) throw valueError(`Learning rate should be >= 0 but is: ${lr}`);
    if (!(0.0 >= beta2_decay)) throw valueError(`beta2_decay should be <= 0 but is: ${beta2_decay}`);
    if (eps[0] !== null && !(0.0 <= eps[0])) throw valueError(`epsilon1 should be >= 0 but is: ${eps[0]}`);
    if (!(0.0 <= eps[1])) throw valueError(`epsilon2 should be >= 0 but is: ${eps[1]}`);
    if (!(1.0 <= d)) throw valueError(`Clipping threshold d should be >= 1 but is: ${d}`);
    if (!(0.0 <= weight_decay)) throw valueError(`weight_decay should be >= 0 but is: ${weight_decay}`);
    const defaults = { lr, beta2_decay, eps: tuple(...eps), d, weight_decay, foreach, maximize };
    // Python's float defaults print as floats (d: 1.0, weight_decay: 0.0)
    if (d === 1) mark_float(defaults, "d");
    if (weight_decay === 0) mark_float(defaults, "weight_decay");
    super(params, defaults);
  }
  protected __setstate__(): void { setstateGroups(this, [["foreach", null]], ["step"]); }
  protected _step(): void {
    for (const group of this.param_groups) {
      const { lr, beta2_decay, d, weight_decay, maximize } = group;
      let [eps1, eps2] = group.eps as [number | null, number];
      for (const param of group.params) {
        if (param.grad === null) continue;
        if (param.is_complex()) throw pyError("RuntimeError", "Adafactor does not support complex parameters");
        const state = this._state(param);
        if (Object.keys(state).length === 0) {
          state.step = zeros([]);
          if (param.grad.dim() > 1) {
            const row = [...param.grad.shape]; row[row.length - 1] = 1;
            state.row_var = param.grad.new_zeros(row);
            const col = [...param.grad.shape]; col[col.length - 2] = 1;
            state.col_var = param.grad.new_zeros(col);
          } else state.variance = op("zeros_like", param.grad);
        }
        const grad: Tensor = maximize ? param.grad.neg() : param.grad;
        const step_t: Tensor = state.step;
        // as Python, the first parameter's dtype decides eps1 for the rest of the group
        if (eps1 === null) eps1 = FINFO_EPS[param.dtype.name];
        step_t.add_(1);
        const step = step_t.item() as number;
        const one_minus_beta2_t = step ** beta2_decay;
        const rho_t = Math.min(lr, 1 / step ** 0.5);
        const alpha = Math.max(eps2, (param.norm(2).item() as number) / param.numel() ** 0.5) * rho_t;
        if (weight_decay !== 0) param.mul_(1 - lr * weight_decay);
        let var_estimate: Tensor;
        if (grad.dim() > 1) {
          const row_var: Tensor = state.row_var, col_var: Tensor = state.col_var;
          const row_mean: Tensor = op("linalg_vector_norm", grad, 2, [-1], true).square_().div_(grad.size(-1));
          row_var.lerp_(row_mean, one_minus_beta2_t);
          const col_mean: Tensor = op("linalg_vector_norm", grad, 2, [-2], true).square_().div_(grad.size(-2));
          col_var.lerp_(col_mean, one_minus_beta2_t);
          var_estimate = row_var.matmul(col_var);
          var_estimate.div_(row_var.mean([-2], true).clamp_({ min: eps1 }));
        } else {
          const variance: Tensor = state.variance;
          variance.lerp_(grad.mul(grad), one_minus_beta2_t);
          var_estimate = variance.clone();
        }
        const update = var_estimate.clamp_({ min: eps1 * eps1 }).rsqrt_();
        update.mul_(grad);
        const denom = Math.max(1.0, (update.norm(2).item() as number) / (update.numel() ** 0.5 * d));
        param.add_(update, { alpha: -alpha / denom });
      }
    }
  }
}

// torch.optim.RAdam (torch/optim/radam.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, checkBetas, checkNonNegative, setstateGroups } from "./optimizer";
import { bindArgs } from "../nn/_utils";
import { op, zeros } from "../nn/_ops";
import { tuple } from "../serialization/_pytypes";
import { V } from "../version";

export interface RAdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; foreach?: boolean | null;
  /** 2.x. */
  decoupled_weight_decay?: boolean;
  /** 2.x. */
  maximize?: boolean;
  /** 2.x. */
  capturable?: boolean;
  /** 2.x. */
  differentiable?: boolean;
}

/** RAdam: Adam with a rectified adaptive learning rate (optionally decoupled weight decay). */
export class RAdam extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | RAdamOptions, betas?: [number, number] | RAdamOptions, eps?: number | RAdamOptions, weight_decay?: number | RAdamOptions, decoupled_weight_decay?: boolean | RAdamOptions, options?: RAdamOptions);
  constructor(params: any, ...args: any[]) {
    const full = V.optim_every_option;
    const sig: [string, unknown][] = [["lr", 1e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["weight_decay", 0]];
    if (full) sig.push(["decoupled_weight_decay", false]);
    else sig.push(["foreach", null]);
    const kw: [string, unknown][] = full ? [["foreach", null], ["maximize", false], ["capturable", false], ["differentiable", false]] : [];
    const a = bindArgs("__init__", sig, args, kw);
    const [lr, betas, eps, weight_decay] = a;
    checkNonNegative(lr, "learning rate");
    checkNonNegative(eps, "epsilon value");
    checkBetas(betas);
    checkNonNegative(weight_decay, "weight_decay value");
    const defaults: Record<string, any> = { lr, betas: tuple(...betas), eps, weight_decay };
    if (full) {
      const [decoupled_weight_decay, foreach, maximize, capturable, differentiable] = a.slice(4);
      Object.assign(defaults, { maximize, foreach, capturable, decoupled_weight_decay, differentiable });
    } else defaults.foreach = a[4];
    super(params, defaults);
  }
  protected __setstate__(): void {
    const keys: [string, unknown][] = V.optim_every_option
      ? [["foreach", null], ["maximize", false], ["differentiable", false], ["decoupled_weight_decay", false], ["capturable", false]]
      : [["foreach", null]];
    setstateGroups(this, keys, ["step"]);
  }
  protected _step(): void {
    // 2.x writes x ** 0.5 where 1.13 calls math.sqrt
    const sqrt = V.optim_every_option ? (x: number) => x ** 0.5 : Math.sqrt;
    for (const group of this.param_groups) {
      const { lr, eps, weight_decay } = group;
      const [beta1, beta2] = group.betas;
      for (const param of group.params) {
        if (param.grad === null) continue;
        const state = this._state(param);
        if (Object.keys(state).length === 0) {
          state.step = zeros([]);
          state.exp_avg = op("zeros_like", param);
          state.exp_avg_sq = op("zeros_like", param);
        }
        let grad = group.maximize ? param.grad.neg() : param.grad;
        const exp_avg: Tensor = state.exp_avg, exp_avg_sq: Tensor = state.exp_avg_sq, step_t: Tensor = state.step;
        step_t.add_(1);
        const step = step_t.item();
        if (weight_decay !== 0) {
          if (group.decoupled_weight_decay) param.mul_(1 - lr * weight_decay);
          else grad = grad.add(param, { alpha: weight_decay });
        }
        if (V.adam_lerp) exp_avg.lerp_(grad, 1 - beta1);
        else exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
        const bias_correction1 = 1 - beta1 ** step;
        const bias_correction2 = 1 - beta2 ** step;
        const bias_corrected_exp_avg = exp_avg.div(bias_correction1);
        const rho_inf = 2 / (1 - beta2) - 1;
        const rho_t = rho_inf - (2 * step * beta2 ** step) / bias_correction2;
        if (rho_t > 5.0) {
          const rect = sqrt(((rho_t - 4) * (rho_t - 2) * rho_inf) / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
          // float / tensor is Python's reciprocal() * float
          const adaptive_lr = exp_avg_sq.sqrt().add_(eps).reciprocal().mul(sqrt(bias_correction2));
          param.add_(bias_corrected_exp_avg.mul(lr).mul(adaptive_lr).mul(rect), { alpha: -1.0 });
        } else param.add_(bias_corrected_exp_avg.mul(lr), { alpha: -1.0 });
      }
    }
  }
}

// torch.optim.NAdam (torch/optim/nadam.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, checkBetas, checkNonNegative, setstateGroups } from "./optimizer";
import { bindArgs } from "../nn/_utils";
import { op, zeros, ones } from "../nn/_ops";
import { tuple } from "../serialization/_pytypes";
import { V } from "../version";

export interface NAdamOptions {
  lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; momentum_decay?: number; foreach?: boolean | null;
  /** 2.x. */
  decoupled_weight_decay?: boolean;
  /** 2.x. */
  maximize?: boolean;
  /** 2.x. */
  capturable?: boolean;
  /** 2.x. */
  differentiable?: boolean;
}

/** NAdam: Adam with Nesterov momentum (optionally decoupled weight decay, NAdamW). */
export class NAdam extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | NAdamOptions, betas?: [number, number] | NAdamOptions, eps?: number | NAdamOptions, weight_decay?: number | NAdamOptions, momentum_decay?: number | NAdamOptions, decoupled_weight_decay?: boolean | NAdamOptions, options?: NAdamOptions);
  constructor(params: any, ...args: any[]) {
    const full = V.optim_every_option;
    const sig: [string, unknown][] = [["lr", 2e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["weight_decay", 0], ["momentum_decay", 4e-3]];
    // 2.x: decoupled_weight_decay positional, the rest keyword-only; 1.13: foreach positional
    if (full) sig.push(["decoupled_weight_decay", false]);
    else sig.push(["foreach", null]);
    const kw: [string, unknown][] = full ? [["foreach", null], ["maximize", false], ["capturable", false], ["differentiable", false]] : [];
    const a = bindArgs("__init__", sig, args, kw);
    const [lr, betas, eps, weight_decay, momentum_decay] = a;
    checkNonNegative(lr, "learning rate");
    checkNonNegative(eps, "epsilon value");
    checkBetas(betas);
    checkNonNegative(weight_decay, "weight_decay value");
    checkNonNegative(momentum_decay, "momentum_decay value");
    const defaults: Record<string, any> = { lr, betas: tuple(...betas), eps, weight_decay, momentum_decay };
    if (full) {
      const [decoupled_weight_decay, foreach, maximize, capturable, differentiable] = a.slice(5);
      Object.assign(defaults, { decoupled_weight_decay, maximize, foreach, capturable, differentiable });
    } else defaults.foreach = a[5];
    super(params, defaults);
  }
  protected __setstate__(): void {
    const keys: [string, unknown][] = V.optim_every_option
      ? [["maximize", false], ["foreach", null], ["capturable", false], ["differentiable", false], ["decoupled_weight_decay", false]]
      : [["foreach", null]];
    setstateGroups(this, keys, ["step", "mu_product"]);
  }
  protected _step(): void {
    const fixed = V.optim_every_option;
    for (const group of this.param_groups) {
      const { lr, eps, weight_decay, momentum_decay } = group;
      const [beta1, beta2] = group.betas;
      for (const param of group.params) {
        if (param.grad === null) continue;
        const state = this._state(param);
        if (Object.keys(state).length === 0) {
          state.step = zeros([]);
          state.mu_product = ones([]);
          state.exp_avg = op("zeros_like", param);
          state.exp_avg_sq = op("zeros_like", param);
        }
        let grad = group.maximize ? param.grad.neg() : param.grad;
        const exp_avg: Tensor = state.exp_avg, exp_avg_sq: Tensor = state.exp_avg_sq;
        const mu_product: Tensor = state.mu_product, step_t: Tensor = state.step;
        step_t.add_(1);
        const step = step_t.item();
        const bias_correction2 = 1 - beta2 ** step;
        if (weight_decay !== 0) {
          if (group.decoupled_weight_decay) param.mul_(1 - lr * weight_decay);
          else grad = grad.add(param, { alpha: weight_decay });
        }
        const mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay));
        const mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay));
        mu_product.mul_(mu);
        // 1.13 multiplied mu in twice, on the float32 tensor
        const mu_product_next = fixed ? mu_product.item() * mu_next : mu_product.mul(mu).mul(mu_next).item();
        if (V.adam_lerp) exp_avg.lerp_(grad, 1 - beta1);
        else exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
        const denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps);
        param.addcdiv_(grad, denom, { value: (-lr * (1.0 - mu)) / (1.0 - mu_product.item()) });
        param.addcdiv_(exp_avg, denom, { value: (-lr * mu_next) / (1.0 - mu_product_next) });
      }
    }
  }
}

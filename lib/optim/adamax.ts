// torch.optim.Adamax (torch/optim/adamax.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, checkBetas, checkNonNegative, setstateGroups } from "./optimizer";
import { bindArgs } from "../nn/_utils";
import { op, zeros } from "../nn/_ops";
import { tuple } from "../serialization/_pytypes";
import { V } from "../version";

export interface AdamaxOptions {
  lr?: number; betas?: [number, number]; eps?: number; weight_decay?: number; foreach?: boolean | null; maximize?: boolean;
  /** 2.x. */
  differentiable?: boolean;
  /** 2.x. */
  capturable?: boolean;
}

/** Adamax: Adam with the infinity norm of past gradients. */
export class Adamax extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | AdamaxOptions, betas?: [number, number] | AdamaxOptions, eps?: number | AdamaxOptions, weight_decay?: number | AdamaxOptions, foreach?: boolean | null | AdamaxOptions, options?: AdamaxOptions);
  constructor(params: any, ...args: any[]) {
    const full = V.optim_every_option;
    const kw: [string, unknown][] = full ? [["maximize", false], ["differentiable", false], ["capturable", false]] : [["maximize", false]];
    const [lr, betas, eps, weight_decay, foreach, maximize, differentiable, capturable] =
      bindArgs("__init__", [["lr", 2e-3], ["betas", [0.9, 0.999]], ["eps", 1e-8], ["weight_decay", 0], ["foreach", null]], args, kw);
    checkNonNegative(lr, "learning rate");
    checkNonNegative(eps, "epsilon value");
    checkBetas(betas);
    checkNonNegative(weight_decay, "weight_decay value");
    const defaults: Record<string, any> = { lr, betas: tuple(...betas), eps, weight_decay, foreach, maximize };
    if (full) Object.assign(defaults, { differentiable, capturable });
    super(params, defaults);
  }
  protected __setstate__(): void {
    const keys: [string, unknown][] = [["foreach", null], ["maximize", false]];
    if (V.optim_every_option) keys.push(["differentiable", false], ["capturable", false]);
    setstateGroups(this, keys, ["step"]);
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      const { lr, eps, weight_decay, maximize } = group;
      const [beta1, beta2] = group.betas;
      for (const param of group.params) {
        if (param.grad === null) continue;
        const state = this._state(param);
        if (Object.keys(state).length === 0) {
          state.step = zeros([]);
          state.exp_avg = op("zeros_like", param);
          state.exp_inf = op("zeros_like", param);
        }
        let grad = maximize ? param.grad.neg() : param.grad;
        const exp_avg: Tensor = state.exp_avg, exp_inf: Tensor = state.exp_inf, step_t: Tensor = state.step;
        step_t.add_(1);
        if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
        if (V.adam_lerp) exp_avg.lerp_(grad, 1 - beta1);
        else exp_avg.mul_(beta1).add_(grad, { alpha: 1 - beta1 });
        exp_inf.copy_(op("maximum", exp_inf.mul_(beta2), grad.abs().add_(eps)));
        const clr = lr / (1 - beta1 ** step_t.item());
        param.addcdiv_(exp_avg, exp_inf, { value: -clr });
      }
    }
  }
}

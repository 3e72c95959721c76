// torch.optim.ASGD (torch/optim/asgd.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, checkNonNegative, setstateGroups, scalarTensor } from "./optimizer";
import { bindArgs } from "../nn/_utils";
import { op, zeros, ones } from "../nn/_ops";
import { mark_float } from "../serialization/_pytypes";
import { V } from "../version";

export interface ASGDOptions {
  lr?: number; lambd?: number; alpha?: number; t0?: number; weight_decay?: number; foreach?: boolean | null; maximize?: boolean;
  /** 2.x. */
  differentiable?: boolean;
  /** 2.x. */
  capturable?: boolean;
}

/** Averaged stochastic gradient descent. */
export class ASGD extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | ASGDOptions, lambd?: number | ASGDOptions, alpha?: number | ASGDOptions, t0?: number | ASGDOptions, weight_decay?: number | ASGDOptions, foreach?: boolean | null | ASGDOptions, maximize?: boolean | ASGDOptions, options?: ASGDOptions);
  constructor(params: any, ...args: any[]) {
    const full = V.optim_every_option;
    const sig: [string, unknown][] = [["lr", 1e-2], ["lambd", 1e-4], ["alpha", 0.75], ["t0", 1e6], ["weight_decay", 0], ["foreach", null], ["maximize", false]];
    if (full) sig.push(["differentiable", false], ["capturable", false]);
    const [lr, lambd, alpha, t0, weight_decay, foreach, maximize, differentiable, capturable] = bindArgs("__init__", sig, args);
    checkNonNegative(lr, "learning rate");
    checkNonNegative(weight_decay, "weight_decay value");
    const defaults: Record<string, any> = { lr, lambd, alpha, t0, weight_decay, foreach, maximize };
    if (full) Object.assign(defaults, { differentiable, capturable });
    if (t0 === 1e6) mark_float(defaults, "t0");
    super(params, defaults);
  }
  protected __setstate__(): void {
    const keys: [string, unknown][] = [["foreach", null], ["maximize", false]];
    if (V.optim_every_option) keys.push(["differentiable", false], ["capturable", false]);
    setstateGroups(this, keys, ["step", "eta", "mu"]);
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      const { lr, lambd, alpha, t0, weight_decay, maximize } = group;
      for (const param of group.params) {
        if (param.grad === null) continue;
        const state = this._state(param);
        if (Object.keys(state).length === 0) {
          state.step = zeros([]);
          state.eta = scalarTensor(lr);
          state.mu = ones([]);
          state.ax = op("zeros_like", param);
        }
        let grad = maximize ? param.grad.neg() : param.grad;
        const mu: Tensor = state.mu, ax: Tensor = state.ax, eta: Tensor = state.eta, step_t: Tensor = state.step;
        step_t.add_(1);
        if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
        const eta_value = eta.item();
        param.mul_(1 - lambd * eta_value);
        param.add_(grad, { alpha: -eta_value });
        if (mu.item() !== 1) ax.add_(param.sub(ax).mul_(mu));
        else ax.copy_(param);
        const step = step_t.item();
        eta.fill_(lr / (1 + lambd * lr * step) ** alpha);
        mu.fill_(1 / Math.max(1, step - t0));
      }
    }
  }
}

// torch.optim.Adadelta (torch/optim/adadelta.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, checkNonNegative, setstateGroups } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { op, zeros } from "../nn/_ops";
import { mark_float } from "../serialization/_pytypes";
import { V } from "../version";

export interface AdadeltaOptions {
  lr?: number; rho?: number; eps?: number; weight_decay?: number; foreach?: boolean | null;
  /** 2.x. */
  capturable?: boolean;
  maximize?: boolean;
  /** 2.x. */
  differentiable?: boolean;
}

/** Adadelta: an adaptive learning rate from running averages of squared gradients and updates. */
export class Adadelta extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | AdadeltaOptions, rho?: number | AdadeltaOptions, eps?: number | AdadeltaOptions, weight_decay?: number | AdadeltaOptions, foreach?: boolean | null | AdadeltaOptions, options?: AdadeltaOptions);
  constructor(params: any, ...args: any[]) {
    const full = V.optim_every_option;
    const kw: [string, unknown][] = full ? [["capturable", false], ["maximize", false], ["differentiable", false]] : [["maximize", false]];
    const a = bindArgs("__init__", [["lr", 1.0], ["rho", 0.9], ["eps", 1e-6], ["weight_decay", 0], ["foreach", null]], args, kw);
    const [lr, rho, eps, weight_decay, foreach] = a;
    const [capturable, maximize, differentiable] = full ? a.slice(5) : [false, a[5], false];
    checkNonNegative(lr, "learning rate");
    if (!(0.0 <= rho && rho <= 1.0)) throw valueError(`Invalid rho value: ${rho}`);
    checkNonNegative(eps, "epsilon value");
    checkNonNegative(weight_decay, "weight_decay value");
    const defaults: Record<string, any> = full
      ? { lr, rho, eps, weight_decay, maximize, capturable, foreach, differentiable }
      : { lr, rho, eps, weight_decay, maximize, foreach };
    // lr=1.0 is a float (its repr and checkpoints say 1.0)
    if (lr === 1) mark_float(defaults, "lr");
    super(params, defaults);
  }
  protected __setstate__(): void {
    if (V.optim_every_option) setstateGroups(this, [["foreach", null], ["maximize", false], ["differentiable", false], ["capturable", false]], ["step"]);
    else setstateGroups(this, [["foreach", null], ["maximize", false]]);
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      const { lr, rho, eps, weight_decay, maximize } = group;
      for (const param of group.params) {
        if (param.grad === null) continue;
        const state = this._state(param);
        if (Object.keys(state).length === 0) {
          // 2.x: a 0-d tensor; 1.13: a Python int
          state.step = V.optim_every_option ? zeros([]) : 0;
          state.square_avg = op("zeros_like", param);
          state.acc_delta = op("zeros_like", param);
        }
        if (V.optim_every_option) (state.step as Tensor).add_(1);
        else state.step += 1;
        let grad = maximize ? param.grad.neg() : param.grad;
        if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
        const square_avg: Tensor = state.square_avg, acc_delta: Tensor = state.acc_delta;
        square_avg.mul_(rho).addcmul_(grad, grad, { value: 1 - rho });
        const std = square_avg.add(eps).sqrt_();
        const delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad);
        acc_delta.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
        param.add_(delta, { alpha: -lr });
      }
    }
  }
}

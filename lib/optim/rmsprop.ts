// torch.optim.RMSprop (torch/optim/rmsprop.py, 1.13 single-tensor path).
import type { Tensor } from "../tensor";
import { Optimizer } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { op } from "../nn/_ops";

export interface RMSpropOptions {
  lr?: number; alpha?: number; eps?: number; weight_decay?: number; momentum?: number; centered?: boolean;
  foreach?: boolean | null; maximize?: boolean; differentiable?: boolean;
}

/** Divides the gradient by a running average of its magnitude (optionally centered, with momentum). */
export class RMSprop extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | RMSpropOptions, alpha?: number | RMSpropOptions, eps?: number | RMSpropOptions, weight_decay?: number | RMSpropOptions, momentum?: number | RMSpropOptions, centered?: boolean | RMSpropOptions, options?: RMSpropOptions);
  constructor(params: any, ...args: any[]) {
    const [lr, alpha, eps, weight_decay, momentum, centered, foreach, maximize, differentiable] = bindArgs("__init__",
      [["lr", 1e-2], ["alpha", 0.99], ["eps", 1e-8], ["weight_decay", 0], ["momentum", 0], ["centered", false],
        ["foreach", null], ["maximize", false], ["differentiable", false]], args);
    if (!(0.0 <= lr)) throw valueError(`Invalid learning rate: ${lr}`);
    if (!(0.0 <= eps)) throw valueError(`Invalid epsilon value: ${eps}`);
    if (!(0.0 <= momentum)) throw valueError(`Invalid momentum value: ${momentum}`);
    if (!(0.0 <= weight_decay)) throw valueError(`Invalid weight_decay value: ${weight_decay}`);
    if (!(0.0 <= alpha)) throw valueError(`Invalid alpha value: ${alpha}`);
    super(params, { lr, momentum, alpha, eps, centered, weight_decay, foreach, maximize, differentiable });
  }
  protected __setstate__(): void {
    for (const g of this.param_groups) {
      g.momentum ??= 0;
      g.centered ??= false;
      if (!("foreach" in g)) g.foreach = null;
      g.maximize ??= false;
      g.differentiable ??= false;
    }
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      const { lr, alpha, eps, weight_decay, momentum, centered, maximize } = group;
      for (const param of group.params) {
        let grad = param.grad;
        if (grad === null) continue;
        const state = this._state(param);
        if (Object.keys(state).length === 0) {
          state.step = 0;
          state.square_avg = op("zeros_like", param);
          if (momentum > 0) state.momentum_buffer = op("zeros_like", param);
          if (centered) state.grad_avg = op("zeros_like", param);
        }
        state.step += 1;
        if (maximize) grad = grad.neg();
        const square_avg: Tensor = state.square_avg;
        if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
        square_avg.mul_(alpha).addcmul_(grad, grad, { value: 1 - alpha });
        let avg: Tensor;
        if (centered) {
          const grad_avg: Tensor = state.grad_avg;
          grad_avg.mul_(alpha).add_(grad, { alpha: 1 - alpha });
          avg = square_avg.addcmul(grad_avg, grad_avg, { value: -1 }).sqrt_();
        } else avg = square_avg.sqrt();
        avg = avg.add_(eps);
        if (momentum > 0) {
          const buf: Tensor = state.momentum_buffer;
          buf.mul_(momentum).addcdiv_(grad, avg);
          param.add_(buf, { alpha: -lr });
        } else param.addcdiv_(grad, avg, { value: -lr });
      }
    }
  }
}

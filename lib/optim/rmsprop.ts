// torch.optim.RMSprop (torch/optim/rmsprop.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, setdefault } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { op, zeros } from "../nn/_ops";
import { stepTensor } from "./adam";
import { V } from "../version";

export interface RMSpropOptions {
  lr?: number; alpha?: number; eps?: number; weight_decay?: number; momentum?: number; centered?: boolean;
  /** 2.4 and later. */
  capturable?: boolean;
  foreach?: boolean | null; maximize?: boolean; differentiable?: boolean;
}

/** Divides the gradient by a running average of its magnitude (optionally centered, with momentum). */
export class RMSprop extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | RMSpropOptions, alpha?: number | RMSpropOptions, eps?: number | RMSpropOptions, weight_decay?: number | RMSpropOptions, momentum?: number | RMSpropOptions, centered?: boolean | RMSpropOptions, options?: RMSpropOptions);
  constructor(params: any, ...args: any[]) {
    // 2.4 adds `capturable`, a positional argument after `centered`.
    const sig: [string, unknown][] = [["lr", 1e-2], ["alpha", 0.99], ["eps", 1e-8], ["weight_decay", 0], ["momentum", 0], ["centered", false],
      ...(V.rmsprop_tensor_step ? [["capturable", false] as [string, unknown]] : []), ["foreach", null], ["maximize", false], ["differentiable", false]];
    const a = bindArgs("__init__", sig, args);
    const [lr, alpha, eps, weight_decay, momentum, centered] = a;
    const [capturable, foreach, maximize, differentiable] = V.rmsprop_tensor_step ? a.slice(6) : [false, ...a.slice(6)];
    if (!(0.0 <= lr)) throw valueError(`Invalid learning rate: ${lr}`);
    if (!(0.0 <= eps)) throw valueError(`Invalid epsilon value: ${eps}`);
    if (!(0.0 <= momentum)) throw valueError(`Invalid momentum value: ${momentum}`);
    if (!(0.0 <= weight_decay)) throw valueError(`Invalid weight_decay value: ${weight_decay}`);
    if (!(0.0 <= alpha)) throw valueError(`Invalid alpha value: ${alpha}`);
    super(params, V.rmsprop_tensor_step
      ? { lr, momentum, alpha, eps, centered, weight_decay, capturable, foreach, maximize, differentiable }
      : { lr, momentum, alpha, eps, centered, weight_decay, foreach, maximize, differentiable });
  }
  protected __setstate__(): void {
    for (const g of this.param_groups) {
      setdefault(g, "momentum", 0);
      setdefault(g, "centered", false);
      setdefault(g, "foreach", null);
      setdefault(g, "maximize", false);
      setdefault(g, "differentiable", false);
      if (V.rmsprop_tensor_step) {
        setdefault(g, "capturable", false);
        for (const p of g.params) {
          const s = this.state.get(p);
          if (s !== undefined && Object.keys(s).length !== 0 && typeof s.step === "number") s.step = stepTensor(s.step);
        }
      }
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
          // 2.4: a 0-d tensor of the default dtype; 1.13: a Python int.
          state.step = V.rmsprop_tensor_step ? zeros([]) : 0;
          state.square_avg = op("zeros_like", param);
          if (momentum > 0) state.momentum_buffer = op("zeros_like", param);
          if (centered) state.grad_avg = op("zeros_like", param);
        }
        if (V.rmsprop_tensor_step) (state.step as Tensor).add_(1);
        else state.step += 1;
        if (maximize) grad = grad.neg();
        const square_avg: Tensor = state.square_avg;
        if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
        square_avg.mul_(alpha).addcmul_(grad, grad, { value: 1 - alpha });
        let avg: Tensor;
        if (centered) {
          const grad_avg: Tensor = state.grad_avg;
          if (V.rmsprop_tensor_step) grad_avg.lerp_(grad, 1 - alpha);
          else grad_avg.mul_(alpha).add_(grad, { alpha: 1 - alpha });
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

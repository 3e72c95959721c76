// torch.optim.Adagrad (torch/optim/adagrad.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, checkNonNegative, setstateGroups } from "./optimizer";
import { checkFused } from "./adam";
import { bindArgs, valueError } from "../nn/_utils";
import { op, zeros } from "../nn/_ops";
import { V } from "../version";

export interface AdagradOptions {
  lr?: number; lr_decay?: number; weight_decay?: number; initial_accumulator_value?: number; eps?: number;
  foreach?: boolean | null; maximize?: boolean;
  /** 2.x. */
  differentiable?: boolean;
  /** 2.x. */
  fused?: boolean | null;
}

/** Adagrad: per-coordinate learning rates from the sum of squared gradients. */
export class Adagrad extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | AdagradOptions, lr_decay?: number | AdagradOptions, weight_decay?: number | AdagradOptions, initial_accumulator_value?: number | AdagradOptions, eps?: number | AdagradOptions, foreach?: boolean | null | AdagradOptions, options?: AdagradOptions);
  constructor(params: any, ...args: any[]) {
    const full = V.optim_every_option;
    const kw: [string, unknown][] = full ? [["maximize", false], ["differentiable", false], ["fused", null]] : [["maximize", false]];
    const a = bindArgs("__init__", [["lr", 1e-2], ["lr_decay", 0], ["weight_decay", 0], ["initial_accumulator_value", 0], ["eps", 1e-10], ["foreach", null]], args, kw);
    const [lr, lr_decay, weight_decay, initial_accumulator_value, eps, foreach, maximize, differentiable, fused] = a;
    checkNonNegative(lr, "learning rate");
    checkNonNegative(lr_decay, "lr_decay value");
    checkNonNegative(weight_decay, "weight_decay value");
    if (!(0.0 <= initial_accumulator_value)) throw valueError(`Invalid initial_accumulator_value value: ${initial_accumulator_value}`);
    checkNonNegative(eps, "epsilon value");
    const defaults: Record<string, any> = { lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach, maximize };
    if (full) Object.assign(defaults, { differentiable, fused });
    super(params, defaults);
    checkFused(fused, differentiable, foreach);
    // Adagrad's state exists from the start: a zero step and the accumulator.
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const state = this._state(p);
        state.step = zeros([]);
        state.sum = op("full_like", p, initial_accumulator_value);
      }
    }
  }
  protected __setstate__(): void {
    const keys: [string, unknown][] = [["foreach", null], ["maximize", false]];
    if (V.optim_every_option) keys.push(["differentiable", false], ["fused", null]);
    setstateGroups(this, keys, ["step"]);
  }
  /** Moves the accumulators to shared memory (no-op for a single process). */
  share_memory(): void {
    for (const group of this.param_groups) for (const p of group.params) (this.state.get(p)?.sum as any)?.share_memory_?.();
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      const { lr, weight_decay, lr_decay, eps, maximize } = group;
      for (const param of group.params) {
        if (param.grad === null) continue;
        const state = this._state(param);
        const step_t: Tensor = state.step, state_sum: Tensor = state.sum;
        step_t.add_(1);
        const step = step_t.item();
        let grad = maximize ? param.grad.neg() : param.grad;
        if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
        const clr = lr / (1 + (step - 1) * lr_decay);
        state_sum.addcmul_(grad, grad, { value: 1 });
        const std = state_sum.sqrt().add_(eps);
        param.addcdiv_(grad, std, { value: -clr });
      }
    }
  }
}

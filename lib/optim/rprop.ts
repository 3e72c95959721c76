// torch.optim.Rprop (torch/optim/rprop.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, checkNonNegative, setstateGroups } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { op, zeros } from "../nn/_ops";
import { tuple } from "../serialization/_pytypes";
import { V } from "../version";

export interface RpropOptions {
  lr?: number; etas?: [number, number]; step_sizes?: [number, number];
  /** 2.x. */
  capturable?: boolean;
  foreach?: boolean | null; maximize?: boolean;
  /** 2.x. */
  differentiable?: boolean;
}

/** Resilient backpropagation: per-weight step sizes driven by the gradient's sign. */
export class Rprop extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | RpropOptions, etas?: [number, number] | RpropOptions, step_sizes?: [number, number] | RpropOptions, options?: RpropOptions);
  constructor(params: any, ...args: any[]) {
    const full = V.optim_every_option;
    // 2.x: everything after step_sizes is keyword-only; 1.13: foreach and maximize positional
    const sig: [string, unknown][] = [["lr", 1e-2], ["etas", [0.5, 1.2]], ["step_sizes", [1e-6, 50]]];
    if (!full) sig.push(["foreach", null], ["maximize", false]);
    const kw: [string, unknown][] = full ? [["capturable", false], ["foreach", null], ["maximize", false], ["differentiable", false]] : [];
    const a = bindArgs("__init__", sig, args, kw);
    const [lr, etas, step_sizes] = a;
    checkNonNegative(lr, "learning rate");
    if (!(0.0 < etas[0] && etas[0] < 1.0 && 1.0 < etas[1])) throw valueError(`Invalid eta values: ${etas[0]}, ${etas[1]}`);
    const defaults: Record<string, any> = { lr, etas: tuple(...etas), step_sizes: tuple(...step_sizes) };
    if (full) {
      const [capturable, foreach, maximize, differentiable] = a.slice(3);
      Object.assign(defaults, { foreach, maximize, differentiable, capturable });
    } else Object.assign(defaults, { foreach: a[3], maximize: a[4] });
    super(params, defaults);
  }
  protected __setstate__(): void {
    if (V.optim_every_option) setstateGroups(this, [["foreach", null], ["maximize", false], ["differentiable", false], ["capturable", false]], ["step"]);
    else setstateGroups(this, [["foreach", null], ["maximize", false]]);
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      const [etaminus, etaplus] = group.etas;
      const [step_size_min, step_size_max] = group.step_sizes;
      for (const param of group.params) {
        if (param.grad === null) continue;
        let grad = param.grad;
        const state = this._state(param);
        if (Object.keys(state).length === 0) {
          // 2.x: a 0-d tensor; 1.13: a Python int
          state.step = V.optim_every_option ? zeros([]) : 0;
          state.prev = op("zeros_like", param);
          state.step_size = op("full_like", grad, group.lr);
        }
        if (V.optim_every_option) (state.step as Tensor).add_(1);
        else state.step += 1;
        if (group.maximize) grad = grad.neg();
        const prev: Tensor = state.prev, step_size: Tensor = state.step_size;
        const sign = grad.mul(prev).sign();
        sign.masked_fill_(sign.gt(0), etaplus);
        sign.masked_fill_(sign.lt(0), etaminus);
        sign.masked_fill_(sign.eq(0), 1);
        step_size.mul_(sign).clamp_(step_size_min, step_size_max);
        grad = grad.clone();
        grad.masked_fill_(sign.eq(etaminus), 0);
        param.addcmul_(grad.sign(), step_size, { value: -1 });
        prev.copy_(grad);
      }
    }
  }
}

// torch.optim.SGD (torch/optim/sgd.py, 1.13 single-tensor path).
import type { Tensor } from "../tensor";
import { Optimizer, required } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";

export interface SGDOptions {
  lr?: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean;
  maximize?: boolean; foreach?: boolean | null; differentiable?: boolean;
}

/** Stochastic gradient descent, optionally with momentum (Nesterov), dampening and weight decay. */
export class SGD extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | SGDOptions, momentum?: number | SGDOptions, dampening?: number | SGDOptions, weight_decay?: number | SGDOptions, nesterov?: boolean | SGDOptions, options?: SGDOptions);
  constructor(params: any, ...args: any[]) {
    const [lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable] = bindArgs("__init__",
      [["lr", required], ["momentum", 0], ["dampening", 0], ["weight_decay", 0], ["nesterov", false],
        ["maximize", false], ["foreach", null], ["differentiable", false]], args);
    if (lr !== required && lr < 0.0) throw valueError(`Invalid learning rate: ${lr}`);
    if (momentum < 0.0) throw valueError(`Invalid momentum value: ${momentum}`);
    if (weight_decay < 0.0) throw valueError(`Invalid weight_decay value: ${weight_decay}`);
    const defaults = { lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable };
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw valueError("Nesterov momentum requires a momentum and zero dampening");
    super(params, defaults);
  }
  protected __setstate__(): void {
    for (const g of this.param_groups) {
      g.nesterov ??= false;
      g.maximize ??= false;
      if (!("foreach" in g)) g.foreach = null;
      g.differentiable ??= false;
    }
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      const { weight_decay, momentum, lr, dampening, nesterov, maximize } = group;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const state = this._state(p);
        let d_p = maximize ? g.neg() : g;
        if (weight_decay !== 0) d_p = d_p.add(p, { alpha: weight_decay });
        let buf: Tensor | null = state.momentum_buffer ?? null;
        if (momentum !== 0) {
          if (buf === null) buf = d_p.clone().detach();
          else buf.mul_(momentum).add_(d_p, { alpha: 1 - dampening });
          d_p = nesterov ? d_p.add(buf, { alpha: momentum }) : buf;
        }
        p.add_(d_p, { alpha: -lr });
        state.momentum_buffer = buf;
      }
    }
  }
}

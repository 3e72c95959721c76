// torch.optim.SGD (torch/optim/sgd.py, single-tensor path, as in the linked release).
import type { Tensor } from "../tensor";
import { Optimizer, required, setdefault } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { V } from "../version";

export interface SGDOptions {
  lr?: number; momentum?: number; dampening?: number; weight_decay?: number; nesterov?: boolean;
  maximize?: boolean; foreach?: boolean | null; differentiable?: boolean; fused?: boolean | null;
}

/** Stochastic gradient descent, optionally with momentum (Nesterov), dampening and weight decay. */
export class SGD extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | SGDOptions, momentum?: number | SGDOptions, dampening?: number | SGDOptions, weight_decay?: number | SGDOptions, nesterov?: boolean | SGDOptions, options?: SGDOptions);
  constructor(params: any, ...args: any[]) {
    const sig: [string, unknown][] = [["lr", V.sgd_default_lr ? 1e-3 : required], ["momentum", 0], ["dampening", 0], ["weight_decay", 0],
      ["nesterov", false], ["maximize", false], ["foreach", null], ["differentiable", false]];
    if (V.sgd_fused) sig.push(["fused", null]);
    const [lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable, fused] = bindArgs("__init__", sig, args);
    if (lr !== required && lr < 0.0) throw valueError(`Invalid learning rate: ${lr}`);
    if (momentum < 0.0) throw valueError(`Invalid momentum value: ${momentum}`);
    if (weight_decay < 0.0) throw valueError(`Invalid weight_decay value: ${weight_decay}`);
    const defaults: Record<string, any> = { lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable };
    if (V.sgd_fused) defaults.fused = fused;
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw valueError("Nesterov momentum requires a momentum and zero dampening");
    super(params, defaults);
    if (fused) {
      if (differentiable) throw new Error("`fused` does not support `differentiable`");
      if (foreach) throw new Error("`fused` and `foreach` cannot be `True` together.");
    }
  }
  protected __setstate__(): void {
    for (const g of this.param_groups) {
      setdefault(g, "nesterov", false);
      setdefault(g, "maximize", false);
      setdefault(g, "foreach", null);
      setdefault(g, "differentiable", false);
      if (V.sgd_fused) setdefault(g, "fused", false);
    }
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      const { weight_decay, momentum, lr, dampening, nesterov, maximize } = group;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        // 2.x keeps state only with momentum; 1.13 stores a momentum_buffer (None) for every stepped parameter.
        const keep_state = momentum !== 0 || !V.sgd_state_needs_momentum;
        const state = keep_state ? this._state(p) : null;
        let grad = maximize ? g.neg() : g;
        if (weight_decay !== 0) grad = grad.add(p, { alpha: weight_decay });
        let buf: Tensor | null = state?.momentum_buffer ?? null;
        if (momentum !== 0) {
          if (buf === null) buf = grad.detach().clone();
          else buf.mul_(momentum).add_(grad, { alpha: 1 - dampening });
          grad = nesterov ? grad.add(buf, { alpha: momentum }) : buf;
        }
        p.add_(grad, { alpha: -lr });
        if (state !== null) state.momentum_buffer = buf;
      }
    }
  }
}

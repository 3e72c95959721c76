// torch.optim.Muon (torch/optim/_muon.py, 2.9): momentum orthogonalized by Newton-Schulz iterations,
// for 2-D parameters.
import type { Tensor } from "../tensor";
import { pyError } from "../tensor";
import { bfloat16 } from "../dtype";
import { Optimizer } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { op } from "../nn/_ops";
import { tuple } from "../serialization/_pytypes";
import { V } from "../version";

const EPS = 1e-7, DEFAULT_A = 3.4445, DEFAULT_B = -4.775, DEFAULT_C = 2.0315, DEFAULT_NS_STEPS = 5;

export interface MuonOptions {
  lr?: number; weight_decay?: number; momentum?: number; nesterov?: boolean;
  ns_coefficients?: [number, number, number]; eps?: number; ns_steps?: number; adjust_lr_fn?: string | null;
}

/** The zeroth power (orthogonalization) of a matrix by the quintic Newton-Schulz iteration, in bfloat16. */
function zeropowerViaNewtonSchulz(grad: Tensor, ns_coefficients: number[], ns_steps: number, eps: number): Tensor {
  if (ns_steps >= 100) throw valueError("Number of steps must be less than 100 for computational efficiency");
  if (grad.dim() !== 2) throw valueError("Input tensor gradient must be a 2D matrix");
  if (ns_coefficients.length !== 3) throw valueError("Coefficients must be a tuple of exactly 3 values");
  const [a, b, c] = ns_coefficients;
  const tall = grad.size(0) > grad.size(1);
  let x = grad.to(bfloat16);
  if (tall) x = x.T;
  x.div_(x.norm().clamp({ min: eps }));
  for (let i = 0; i < ns_steps; i++) {
    const gram: Tensor = x.matmul(x.T);
    const gram_update: Tensor = op("addmm", gram, gram, gram, { beta: b, alpha: c });
    x = op("addmm", x, gram_update, x, { beta: a });
  }
  return tall ? x.T : x;
}

function adjustLr(lr: number, adjust_lr_fn: string | null, shape: readonly number[]): number {
  const [A, B] = shape;
  let ratio: number;
  if (adjust_lr_fn === null || adjust_lr_fn === "original") ratio = Math.sqrt(Math.max(1, A / B));
  else if (adjust_lr_fn === "match_rms_adamw") ratio = 0.2 * Math.sqrt(Math.max(A, B));
  else if (adjust_lr_fn === "spectral_unclamped") ratio = Math.sqrt(A / B);
  else ratio = 1.0;
  return lr * ratio;
}

/** Muon: SGD momentum whose update is orthogonalized; 2-D parameters only. */
export class Muon extends Optimizer {
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | MuonOptions, weight_decay?: number | MuonOptions,
    momentum?: number | MuonOptions, nesterov?: boolean | MuonOptions, ns_coefficients?: [number, number, number] | MuonOptions,
    eps?: number | MuonOptions, ns_steps?: number | MuonOptions, adjust_lr_fn?: string | null | MuonOptions, options?: MuonOptions);
  constructor(params: any, ...args: any[]) {
    if (!V.muon) throw pyError("AttributeError", "module 'torch.optim' has no attribute 'Muon'");
    const [lr, weight_decay, momentum, nesterov, ns_coefficients, eps, ns_steps, adjust_lr_fn] = bindArgs("__init__",
      [["lr", 1e-3], ["weight_decay", 0.1], ["momentum", 0.95], ["nesterov", true], ["ns_coefficients", [DEFAULT_A, DEFAULT_B, DEFAULT_C]],
        ["eps", EPS], ["ns_steps", DEFAULT_NS_STEPS], ["adjust_lr_fn", null]], args);
    if (!(0.0 <= lr)) throw valueError(`Learning rate should be >= 0 but is: ${lr}`);
    if (!(0.0 <= momentum)) throw valueError(`momentum should be >= 0 but is: ${momentum}`);
    if (!(0.0 <= weight_decay)) throw valueError(`weight decay should be >= 0 but is: ${weight_decay}`);
    if (adjust_lr_fn !== null && !["original", "match_rms_adamw", "spectral_unclamped"].includes(adjust_lr_fn))
      throw valueError(`Adjust learning rate function ${adjust_lr_fn} is not supported`);
    super(params, { lr, weight_decay, momentum, nesterov, ns_coefficients: tuple(...ns_coefficients), eps, ns_steps, adjust_lr_fn });
    for (const g of this.param_groups) for (const p of g.params)
      if (p.dim() !== 2) throw valueError(`Muon only supports 2D parameters whereas we found a parameter with size: torch.Size([${p.shape.join(", ")}])`);
  }
  protected _step(): void {
    for (const group of this.param_groups) {
      const { lr, weight_decay, momentum, nesterov, ns_coefficients, eps, ns_steps, adjust_lr_fn } = group;
      for (const param of group.params) {
        const grad = param.grad;
        if (grad === null) continue;
        if (param.is_complex()) throw pyError("RuntimeError", "Muon does not support complex parameters");
        const state = this._state(param);
        if (!("momentum_buffer" in state)) state.momentum_buffer = op("zeros_like", grad);
        if (grad.dim() !== 2) throw valueError("Param gradient must be a 2D matrix");
        const buf: Tensor = state.momentum_buffer;
        buf.lerp_(grad, 1 - momentum);
        const update = zeropowerViaNewtonSchulz(nesterov ? grad.lerp(buf, momentum) : buf, ns_coefficients, ns_steps, eps);
        const adjusted_lr = adjustLr(lr, adjust_lr_fn, param.shape);
        param.mul_(1 - lr * weight_decay);
        param.add_(update, { alpha: -adjusted_lr });
      }
    }
  }
}

// torch.nn.utils.weight_norm / remove_weight_norm (torch/nn/utils/weight_norm.py): the hook-based
// form. <name> is replaced by parameters <name>_g and <name>_v, and recomputed before each forward.
import type { Tensor } from "../../tensor";
import type { Module } from "../module";
import { Parameter } from "../parameter";
import { op } from "../_ops";
import { bindArgs, valueError, warn } from "../_utils";
import { V } from "../../version";

/** The forward pre-hook that recomputes the weight (Python's WeightNorm). */
export interface WeightNorm {
  (module: Module, inputs: unknown): void;
  name: string;
  dim: number;
  compute_weight(module: Module): Tensor;
  remove(module: Module): void;
}
const HOOKS = new WeakSet<object>();

function WeightNorm(name: string, dim: number | null): WeightNorm {
  const d = dim ?? -1;
  const compute_weight = (module: Module): Tensor =>
    op("_weight_norm", (module as any)[name + "_v"], (module as any)[name + "_g"], d);
  const fn = ((module: Module) => { (module as any)[name] = compute_weight(module); }) as unknown as WeightNorm;
  Object.defineProperty(fn, "name", { value: name });
  fn.dim = d;
  fn.compute_weight = compute_weight;
  fn.remove = (module: Module) => {
    const weight = compute_weight(module);
    delete (module as any)[name];
    delete (module as any)[name + "_g"];
    delete (module as any)[name + "_v"];
    (module as any)[name] = new Parameter(weight.data);
  };
  HOOKS.add(fn);
  return fn;
}

function deprecation(): void {
  if (V.nn_utils_future_warning) warn("`torch.nn.utils.weight_norm` is deprecated in favor of `torch.nn.utils.parametrizations.weight_norm`.", "FutureWarning");
}

/** weight_norm(module, name="weight", dim=0): deprecated for parametrizations.weight_norm (2.4). */
export function weight_norm<T extends Module>(module: T, ...args: any[]): T {
  const [name, dim] = bindArgs("weight_norm", [["name", "weight"], ["dim", 0]], args);
  deprecation();
  for (const hook of module._forward_pre_hooks.values())
    if (HOOKS.has(hook) && (hook as WeightNorm).name === name) {
      const e = new Error(`Cannot register two weight_norm hooks on the same parameter ${name}`);
      e.name = "RuntimeError";
      throw e;
    }
  const fn = WeightNorm(name, dim);
  const weight: Tensor = (module as any)[name];
  delete (module as any)[name];
  module.register_parameter(name + "_g", new Parameter(op("norm_except_dim", weight, 2, fn.dim).data));
  module.register_parameter(name + "_v", new Parameter(weight.data));
  (module as any)[name] = fn.compute_weight(module);
  module.register_forward_pre_hook(fn);
  return module;
}

/** remove_weight_norm(module, name="weight"): <name> is one parameter again. */
export function remove_weight_norm<T extends Module>(module: T, ...args: any[]): T {
  const [name] = bindArgs("remove_weight_norm", [["name", "weight"]], args);
  for (const [k, hook] of module._forward_pre_hooks) {
    if (HOOKS.has(hook) && (hook as WeightNorm).name === name) {
      (hook as WeightNorm).remove(module);
      module._forward_pre_hooks.delete(k);
      return module;
    }
  }
  throw valueError(`weight_norm of '${name}' not found in ${module}`);
}

// torch.nn.utils.spectral_norm / remove_spectral_norm (torch/nn/utils/spectral_norm.py): the
// hook-based form. <name> becomes <name>_orig (parameter) with buffers <name>_u and <name>_v;
// a forward pre-hook divides it by its largest singular value (power iteration in training).
import { type Tensor, pyError } from "../../tensor";
import type { Module, StateDict } from "../module";
import { Parameter } from "../parameter";
import { no_grad } from "../../autograd";
import { op } from "../_ops";
import { bindArgs, valueError } from "../_utils";
import { _normalize } from "./parametrizations";

/** The forward pre-hook (Python's SpectralNorm). */
export interface SpectralNorm {
  (module: Module, inputs: unknown): void;
  name: string;
  dim: number;
  n_power_iterations: number;
  eps: number;
  compute_weight(module: Module, do_power_iteration: boolean): Tensor;
  reshape_weight_to_matrix(weight: Tensor): Tensor;
  remove(module: Module): void;
}
const HOOKS = new WeakSet<object>();
const VERSION = 1;


function SpectralNorm(name: string, n_power_iterations: number, dim: number, eps: number): SpectralNorm {
  if (n_power_iterations <= 0) throw valueError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`);
  const reshape_weight_to_matrix = (weight: Tensor): Tensor => {
    let weight_mat = weight;
    if (dim !== 0) weight_mat = weight_mat.permute(dim, ...[...Array(weight_mat.dim()).keys()].filter((d) => d !== dim));
    return weight_mat.reshape(weight_mat.size(0), -1);
  };
  const compute_weight = (module: Module, do_power_iteration: boolean): Tensor => {
    const m = module as any;
    const weight: Tensor = m[name + "_orig"];
    let u: Tensor = m[name + "_u"], v: Tensor = m[name + "_v"];
    const weight_mat = reshape_weight_to_matrix(weight);
    if (do_power_iteration) {
      no_grad(() => {
        for (let i = 0; i < n_power_iterations; i++) {
          v.copy_(_normalize(op("mv", weight_mat.t(), u), 0, eps));
          u.copy_(_normalize(op("mv", weight_mat, v), 0, eps));
        }
        u = u.clone();
        v = v.clone();
      });
    }
    const sigma = op("dot", u, op("mv", weight_mat, v));
    return weight.div(sigma);
  };
  const fn = ((module: Module) => { (module as any)[name] = compute_weight(module, module.training); }) as unknown as SpectralNorm;
  Object.defineProperty(fn, "name", { value: name });
  Object.assign(fn, { dim, n_power_iterations, eps, compute_weight, reshape_weight_to_matrix });
  fn.remove = (module: Module) => {
    const weight = no_grad(() => compute_weight(module, false));
    for (const suffix of ["", "_u", "_v", "_orig"]) delete (module as any)[name + suffix];
    module.register_parameter(name, new Parameter(weight.detach()));
  };
  HOOKS.add(fn);
  return fn;
}

/**
 * spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=null); the state_dict
 * records the hook's version in _metadata["spectral_norm"], as Python's state-dict hook does.
 */
export function spectral_norm<T extends Module>(module: T, ...args: any[]): T {
  let [name, n_power_iterations, eps, dim] = bindArgs("spectral_norm", [["name", "weight"], ["n_power_iterations", 1], ["eps", 1e-12], ["dim", null]], args);
  if (dim === null) dim = /^ConvTranspose[123]d$/.test(module._get_name()) ? 1 : 0;
  for (const hook of module._forward_pre_hooks.values())
    if (HOOKS.has(hook) && (hook as SpectralNorm).name === name) throw pyError("RuntimeError", `Cannot register two spectral_norm hooks on the same parameter ${name}`);
  const fn = SpectralNorm(name, n_power_iterations, dim, eps);
  const weight = module._parameters.get(name);
  if (weight === null || weight === undefined) throw valueError(`\`SpectralNorm\` cannot be applied as parameter \`${name}\` is None`);
  const [u, v] = no_grad(() => {
    const [h, w] = fn.reshape_weight_to_matrix(weight).shape;
    return [_normalize(weight.new_empty([h]).normal_(0, 1), 0, eps), _normalize(weight.new_empty([w]).normal_(0, 1), 0, eps)];
  });
  delete (module as any)[name];
  module.register_parameter(name + "_orig", weight);
  (module as any)[name] = weight.data;
  module.register_buffer(name + "_u", u);
  module.register_buffer(name + "_v", v);
  module.register_forward_pre_hook(fn);
  // Python's SpectralNormStateDictHook
  const self = module._self as any;
  const state_dict = self.state_dict;
  Object.defineProperty(self, "state_dict", {
    configurable: true, enumerable: false, writable: true,
    value(options: { destination?: StateDict; prefix?: string; keep_vars?: boolean } = {}) {
      const out = state_dict.call(this, options);
      const local = out._metadata?.[(options.prefix ?? "").slice(0, -1)];
      if (local) {
        const sn = (local.spectral_norm ??= {});
        const key = name + ".version";
        if (key in sn) throw pyError("RuntimeError", `Unexpected key in metadata['spectral_norm']: ${key}`);
        sn[key] = VERSION;
      }
      return out;
    },
  });
  (fn as any)._state_dict = state_dict;
  return module;
}

/** remove_spectral_norm(module, name="weight") */
export function remove_spectral_norm<T extends Module>(module: T, ...args: any[]): T {
  const [name] = bindArgs("remove_spectral_norm", [["name", "weight"]], args);
  for (const [k, hook] of module._forward_pre_hooks) {
    if (HOOKS.has(hook) && (hook as SpectralNorm).name === name) {
      (hook as SpectralNorm).remove(module);
      module._forward_pre_hooks.delete(k);
      const self = module._self as any;
      if (Object.hasOwn(self, "state_dict")) delete self.state_dict;
      return module;
    }
  }
  throw valueError(`spectral_norm of '${name}' not found in ${module}`);
}

// torch.nn.utils.parametrizations (torch/nn/utils/parametrizations.py): orthogonal, weight_norm
// (2.1) and spectral_norm as parametrizations, with Python's state_dict keys
// (parametrizations.weight.original, original0/original1, parametrizations.weight.0._u, ...).
import { Tensor, pyError } from "../../tensor";
import { no_grad } from "../../autograd";
import { Module } from "../module";
import { op } from "../_ops";
import { normalize } from "../_functional/activation";
import { float64 } from "../../dtype";
import { bindArgs, valueError } from "../_utils";
import { register_parametrization, NotImplementedError } from "./parametrize";
import { V } from "../../version";


/** The conjugate transpose of the last two dims (Tensor.mH). */
const mH = (x: Tensor): Tensor => x.mT.conj();
/** F.normalize(input, p=2, dim, eps): input over its norm along dim, at least eps. */
export function _normalize(input: Tensor, dim: number, eps: number): Tensor { return normalize(input, { dim, eps }); }

// ---- orthogonal ----
/** The Q of A's QR, its columns' signs making R's diagonal positive (Python's _make_orthogonal). */
function _make_orthogonal(A: Tensor): Tensor {
  const [Q, R] = op("linalg_qr", A);
  return Q.mul(R.diagonal(0, -2, -1).sgn().unsqueeze(-2));
}
function _is_orthogonal(Q: Tensor): boolean {
  const n = Q.size(-2), k = Q.size(-1);
  const Id = op("eye", k, { dtype: Q.dtype, device: Q.device });
  const eps = 10.0 * n * (Q.dtype === float64 ? 2.220446049250313e-16 : 1.1920928955078125e-07);
  return op("allclose", mH(Q).matmul(Q), Id, { atol: eps });
}

type OrthMap = "matrix_exp" | "cayley" | "householder";
/** The orthogonal parametrization's module (Python's _Orthogonal). */
export class _Orthogonal extends Module {
  shape!: number[];
  orthogonal_map!: OrthMap;
  declare base: Tensor | null;
  constructor(weight: Tensor, orthogonal_map: OrthMap, options: { use_trivialization?: boolean } = {}) {
    super();
    if (weight.is_complex() && orthogonal_map === "householder") throw valueError("The householder parametrization does not support complex tensors.");
    this.shape = [...weight.shape];
    this.orthogonal_map = orthogonal_map;
    if (options.use_trivialization ?? true) this.register_buffer("base", null);
  }
  forward(X: Tensor): Tensor {
    let n = X.size(-2), k = X.size(-1);
    const transposed = n < k;
    if (transposed) { X = X.mT; [n, k] = [k, n]; }
    let Q: Tensor;
    if (this.orthogonal_map === "matrix_exp" || this.orthogonal_map === "cayley") {
      X = X.tril();
      if (n !== k) X = op("cat", [X, X.new_zeros([n, n - k]).expand([...X.shape.slice(0, -2), -1, -1])], -1);
      const A = X.sub(mH(X));
      if (this.orthogonal_map === "matrix_exp") Q = op("matrix_exp", A);
      else {
        const Id = op("eye", n, { dtype: A.dtype, device: A.device });
        Q = op("linalg_solve", op("add", Id, A, { alpha: -0.5 }), op("add", Id, A, { alpha: 0.5 }));
      }
      if (n !== k) Q = Q.index("...", `:${k}`);
    } else {
      const A = X.tril(-1);
      const tau = A.mul(A).sum(-2).add(1.0).reciprocal().mul(2.0);
      Q = op("linalg_householder_product", A, tau);
      Q = Q.mul(X.diagonal(0, -2, -1).int().unsqueeze(-2));
    }
    if (this._buffer_names.has("base")) Q = (this.base as Tensor).matmul(Q);
    if (transposed) Q = Q.mT;
    return Q;
  }
  right_inverse(Q: Tensor): Tensor {
    return no_grad(() => {
      if (Q.shape.length !== this.shape.length || Q.shape.some((v, i) => v !== this.shape[i]))
        throw valueError(`Expected a matrix or batch of matrices of shape torch.Size([${this.shape.join(", ")}]). Got a tensor of shape torch.Size([${Q.shape.join(", ")}]).`);
      const Q_init = Q;
      let n = Q.size(-2), k = Q.size(-1);
      const transpose = n < k;
      if (transpose) { Q = Q.mT; [n, k] = [k, n]; }
      if (!this._buffer_names.has("base")) {
        if (this.orthogonal_map === "cayley" || this.orthogonal_map === "matrix_exp")
          throw new NotImplementedError("It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.");
        // the Householder reflectors of Q's QR, each column's sign in the diagonal
        const [A, tau] = op("geqrf", Q) as [Tensor, Tensor];
        const diag = A.diagonal(0, -2, -1);
        diag.sign_();
        const zero = tau.eq(0.0);
        diag.index_put_([zero], diag.index(zero).mul(-1));
        return transpose ? A.mT : A;
      }
      if (n === k) Q = _is_orthogonal(Q) ? Q.clone() : _make_orthogonal(Q);
      else {
        const N = op("randn", [...Q.shape.slice(0, -2), n, n - k], { dtype: Q.dtype, device: Q.device });
        Q = _make_orthogonal(op("cat", [Q, N], -1));
      }
      this.base = Q;
      const neg_Id: Tensor = op("zeros_like", Q_init);
      neg_Id.diagonal(0, -2, -1).fill_(-1.0);
      return neg_Id;
    });
  }
}

/**
 * orthogonal(module, name="weight", orthogonal_map=null, *, use_trivialization=true): module.<name>
 * stays orthogonal (matrix_exp for square matrices, householder otherwise, or cayley).
 */
export function orthogonal(module: Module, ...args: any[]): Module {
  let [name, orthogonal_map, use_trivialization] = bindArgs("orthogonal", [["name", "weight"], ["orthogonal_map", null]], args, [["use_trivialization", true]]);
  const weight = (module as any)[name];
  if (!(weight instanceof Tensor)) throw valueError(`Module '${module}' has no parameter or buffer with name '${name}'`);
  if (weight.dim() < 2) throw valueError(`Expected a matrix or batch of matrices. Got a tensor of ${weight.dim()} dimensions.`);
  if (orthogonal_map === null) orthogonal_map = weight.size(-2) === weight.size(-1) || weight.is_complex() ? "matrix_exp" : "householder";
  if (!["matrix_exp", "cayley", "householder"].includes(orthogonal_map))
    throw valueError(`orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: ${orthogonal_map}`);
  const orth = new _Orthogonal(weight, orthogonal_map, { use_trivialization });
  register_parametrization(module, name, orth, { unsafe: true });
  return module;
}

// ---- weight_norm (2.1) ----
/** weight = g * v / |v| (norms over all dims but `dim`), from original0 = g and original1 = v. */
export class _WeightNorm extends Module {
  dim!: number;
  constructor(dim: number | null = 0) {
    super();
    this.dim = dim ?? -1;
  }
  forward(weight_g: Tensor, weight_v: Tensor): Tensor { return op("_weight_norm", weight_v, weight_g, this.dim); }
  right_inverse(weight: Tensor): [Tensor, Tensor] { return [op("norm_except_dim", weight, 2, this.dim), weight]; }
}
/**
 * weight_norm(module, name="weight", dim=0) (2.1): module.<name> from original0 (g) and original1 (v);
 * a state_dict of the old weight_norm (<name>_g, <name>_v) loads into it.
 */
export function weight_norm(module: Module, ...args: any[]): Module {
  if (!V.parametrizations_weight_norm) throw pyError("AttributeError", "module 'torch.nn.utils.parametrizations' has no attribute 'weight_norm'");
  const [name, dim] = bindArgs("weight_norm", [["name", "weight"], ["dim", 0]], args);
  register_parametrization(module, name, new _WeightNorm(dim), { unsafe: true });
  // Python's _weight_norm_compat_hook, as a load_state_dict pre-hook of this module
  const self = module._self as any;
  const load = self._load_from_state_dict;
  Object.defineProperty(self, "_load_from_state_dict", {
    configurable: true, enumerable: false, writable: true,
    value(state_dict: Map<string, unknown>, prefix: string, ...rest: any[]) {
      const g_key = `${prefix}${name}_g`, v_key = `${prefix}${name}_v`;
      if (state_dict.has(g_key) && state_dict.has(v_key)) {
        const original0 = state_dict.get(g_key), original1 = state_dict.get(v_key);
        state_dict.delete(g_key);
        state_dict.delete(v_key);
        state_dict.set(`${prefix}parametrizations.${name}.original0`, original0);
        state_dict.set(`${prefix}parametrizations.${name}.original1`, original1);
      }
      return load.call(this, state_dict, prefix, ...rest);
    },
  });
  return module;
}

// ---- spectral_norm ----
/** weight / sigma, sigma the largest singular value estimated by power iteration (buffers _u, _v). */
export class _SpectralNorm extends Module {
  dim!: number;
  eps!: number;
  n_power_iterations!: number;
  declare _u: Tensor;
  declare _v: Tensor;
  constructor(weight: Tensor, n_power_iterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.dim();
    if (dim >= ndim || dim < -ndim) throw pyError("IndexError", `Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`);
    if (n_power_iterations <= 0) throw valueError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`);
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    if (ndim > 1) {
      this.n_power_iterations = n_power_iterations;
      const weight_mat = this._reshape_weight_to_matrix(weight);
      const [h, w] = weight_mat.shape;
      const u = weight_mat.new_empty([h]).normal_(0, 1);
      const v = weight_mat.new_empty([w]).normal_(0, 1);
      this.register_buffer("_u", _normalize(u, 0, this.eps));
      this.register_buffer("_v", _normalize(v, 0, this.eps));
      this._power_method(weight_mat, 15);
    }
  }
  _reshape_weight_to_matrix(weight: Tensor): Tensor {
    if (weight.dim() <= 1) throw pyError("AssertionError", `Expected weight to have more than 1 dimension, got ${weight.dim()}`);
    if (this.dim !== 0) weight = weight.permute(this.dim, ...[...Array(weight.dim()).keys()].filter((d) => d !== this.dim));
    return weight.flatten(1);
  }
  _power_method(weight_mat: Tensor, n_power_iterations: number): void {
    no_grad(() => {
      for (let i = 0; i < n_power_iterations; i++) {
        this._u.copy_(_normalize(op("mv", weight_mat, this._v), 0, this.eps));
        this._v.copy_(_normalize(op("mv", mH(weight_mat), this._u), 0, this.eps));
      }
    });
  }
  forward(weight: Tensor): Tensor {
    if (weight.dim() === 1) return _normalize(weight, 0, this.eps);
    const weight_mat = this._reshape_weight_to_matrix(weight);
    if (this.training) this._power_method(weight_mat, this.n_power_iterations);
    const u = this._u.clone(), v = this._v.clone();
    const sigma = op("vdot", u, op("mv", weight_mat, v));
    return weight.div(sigma);
  }
  right_inverse(value: Tensor): Tensor { return value; }
}
/** spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=null) */
export function spectral_norm(module: Module, ...args: any[]): Module {
  let [name, n_power_iterations, eps, dim] = bindArgs("spectral_norm", [["name", "weight"], ["n_power_iterations", 1], ["eps", 1e-12], ["dim", null]], args);
  const weight = (module as any)[name];
  if (!(weight instanceof Tensor)) throw valueError(`Module '${module}' has no parameter or buffer with name '${name}'`);
  if (dim === null) dim = /^ConvTranspose[123]d$/.test(typeBefore(module)) ? 1 : 0;
  register_parametrization(module, name, new _SpectralNorm(weight, n_power_iterations, dim, eps));
  return module;
}
/** The module's class name before any Parametrized subclass. */
function typeBefore(module: Module): string {
  return module._get_name().replace(/^Parametrized/, "");
}

// torch.optim.LBFGS (torch/optim/lbfgs.py of the linked release), with the strong-Wolfe line
// search. Python mixes floats with 0-d tensors (gtd, ys, H_diag, t after the first step); the
// arithmetic below keeps each value's kind so every rounding is Python's.
import { Tensor } from "../tensor";
import { Optimizer, checkNonNegative } from "./optimizer";
import { bindArgs, valueError } from "../nn/_utils";
import { op } from "../nn/_ops";
import { enable_grad, no_grad } from "../autograd";
import { mark_float } from "../serialization/_pytypes";
import { V } from "../version";

/** A Python float or a 0-d tensor. */
type Num = number | Tensor;
const isT = (x: Num): x is Tensor => x instanceof Tensor;
// (the tensor methods' overloads take a number or a tensor, not the union)
const add = (a: Num, b: Num): Num => (isT(a) ? a.add(b as any) : isT(b) ? b.add(a) : a + b);
const sub = (a: Num, b: Num): Num => (isT(a) ? a.sub(b as any) : isT(b) ? b.neg().add(a) : a - b);
const mul = (a: Num, b: Num): Num => (isT(a) ? a.mul(b as any) : isT(b) ? b.mul(a) : a * b);
// float / tensor is Python's reciprocal() * float
const div = (a: Num, b: Num): Num => (isT(a) ? a.div(b as any) : isT(b) ? b.reciprocal().mul(a) : a / b);
const val = (x: Num): number => (isT(x) ? x.item() : x);
// A comparison with a tensor is the tensor's (a float operand rounded to float32 first).
const lt = (a: Num, b: Num): boolean => (isT(a) ? a.lt(b as any).item() : isT(b) ? b.gt(a).item() : a < b) as boolean;
const le = (a: Num, b: Num): boolean => (isT(a) ? a.le(b as any).item() : isT(b) ? b.ge(a).item() : a <= b) as boolean;
const abs = (x: Num): Num => (isT(x) ? x.abs() : Math.abs(x));
const neg = (x: Num): Num => (isT(x) ? x.neg() : -x);
/** Python's min(a, b) / max(a, b): the first argument unless the second is strictly better. */
const min = (a: Num, b: Num): Num => (lt(b, a) ? b : a);
const max = (a: Num, b: Num): Num => (lt(a, b) ? b : a);

/** Python's _cubic_interpolate: the minimizer of the cubic through two points and slopes. */
export function _cubic_interpolate(x1: Num, f1: Num, g1: Num, x2: Num, f2: Num, g2: Num, bounds: [Num, Num] | null = null): Num {
  const [xmin_bound, xmax_bound] = bounds ?? (le(x1, x2) ? [x1, x2] : [x2, x1]);
  const d1 = sub(add(g1, g2), div(mul(3, sub(f1, f2)), sub(x1, x2)));
  const d2_square = sub(mul(d1, d1), mul(g1, g2));
  if (le(0, d2_square)) {
    const d2 = isT(d2_square) ? d2_square.sqrt() : Math.sqrt(d2_square);
    const min_pos = le(x1, x2)
      ? sub(x2, mul(sub(x2, x1), div(sub(add(g2, d2), d1), add(sub(g2, g1), mul(2, d2)))))
      : sub(x1, mul(sub(x1, x2), div(sub(add(g1, d2), d1), add(sub(g1, g2), mul(2, d2)))));
    return min(max(min_pos, xmin_bound), xmax_bound);
  }
  return div(add(xmin_bound, xmax_bound), 2.0);
}

type ObjFunc = (x: Tensor[], t: Num, d: Tensor) => [number, Tensor];

/** Python's _strong_wolfe line search: [f_new, g_new, t, ls_func_evals]. */
export function _strong_wolfe(obj_func: ObjFunc, x: Tensor[], t: Num, d: Tensor, f: number, g: Tensor, gtd: Num,
  c1 = 1e-4, c2 = 0.9, tolerance_change = 1e-9, max_ls = 25): [number, Tensor, Num, number] {
  const d_norm = d.abs().max();
  g = g.clone();
  let [f_new, g_new] = obj_func(x, t, d);
  let ls_func_evals = 1;
  let gtd_new: Num = g_new.dot(d);
  let t_prev: Num = 0, f_prev: number = f, g_prev: Tensor = g, gtd_prev: Num = gtd;
  let done = false;
  let ls_iter = 0;
  let bracket: Num[] = [], bracket_f: number[] = [], bracket_g: Tensor[] = [], bracket_gtd: Num[] = [];
  while (ls_iter < max_ls) {
    if (lt(add(f, mul(mul(c1, t), gtd)), f_new) || (ls_iter > 1 && f_new >= f_prev)) {
      bracket = [t_prev, t]; bracket_f = [f_prev, f_new]; bracket_g = [g_prev, g_new.clone()]; bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    if (le(abs(gtd_new), mul(-c2, gtd))) {
      bracket = [t]; bracket_f = [f_new]; bracket_g = [g_new];
      done = true;
      break;
    }
    if (le(0, gtd_new)) {
      bracket = [t_prev, t]; bracket_f = [f_prev, f_new]; bracket_g = [g_prev, g_new.clone()]; bracket_gtd = [gtd_prev, gtd_new];
      break;
    }
    const min_step = add(t, mul(0.01, sub(t, t_prev)));
    const max_step = mul(t, 10);
    const tmp = t;
    t = _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, [min_step, max_step]);
    t_prev = tmp; f_prev = f_new; g_prev = g_new.clone(); gtd_prev = gtd_new;
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;
  }
  if (ls_iter === max_ls) { bracket = [0, t]; bracket_f = [f, f_new]; bracket_g = [g, g_new]; }

  // zoom phase
  let insuf_progress = false;
  let [low_pos, high_pos] = bracket_f[0] <= bracket_f[bracket_f.length - 1] ? [0, 1] : [1, 0];
  while (!done && ls_iter < max_ls) {
    if (lt(mul(abs(sub(bracket[1], bracket[0])), d_norm), tolerance_change)) break;
    t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]);
    const bmax = max(bracket[0], bracket[1]), bmin = min(bracket[0], bracket[1]);
    const eps = mul(0.1, sub(bmax, bmin));
    if (lt(min(sub(bmax, t), sub(t, bmin)), eps)) {
      if (insuf_progress || le(bmax, t) || le(t, bmin)) {
        t = lt(abs(sub(t, bmax)), abs(sub(t, bmin))) ? sub(bmax, eps) : add(bmin, eps);
        insuf_progress = false;
      } else insuf_progress = true;
    } else insuf_progress = false;
    [f_new, g_new] = obj_func(x, t, d);
    ls_func_evals += 1;
    gtd_new = g_new.dot(d);
    ls_iter += 1;
    if (lt(add(f, mul(mul(c1, t), gtd)), f_new) || f_new >= bracket_f[low_pos]) {
      bracket[high_pos] = t; bracket_f[high_pos] = f_new; bracket_g[high_pos] = g_new.clone(); bracket_gtd[high_pos] = gtd_new;
      [low_pos, high_pos] = bracket_f[0] <= bracket_f[1] ? [0, 1] : [1, 0];
    } else {
      if (le(abs(gtd_new), mul(-c2, gtd))) done = true;
      else if (le(0, mul(gtd_new, sub(bracket[high_pos], bracket[low_pos])))) {
        bracket[high_pos] = bracket[low_pos]; bracket_f[high_pos] = bracket_f[low_pos];
        bracket_g[high_pos] = bracket_g[low_pos]; bracket_gtd[high_pos] = bracket_gtd[low_pos];
      }
      bracket[low_pos] = t; bracket_f[low_pos] = f_new; bracket_g[low_pos] = g_new.clone(); bracket_gtd[low_pos] = gtd_new;
    }
  }
  return [bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals];
}

export interface LBFGSOptions {
  lr?: number; max_iter?: number; max_eval?: number | null; tolerance_grad?: number; tolerance_change?: number;
  history_size?: number; line_search_fn?: string | null;
  /** 2.x. */
  maximize?: boolean;
}

/** L-BFGS (one parameter group; step() needs a closure that re-evaluates the loss). */
export class LBFGS extends Optimizer {
  declare _params: Tensor[];
  declare _numel_cache: number | null;
  constructor(params: Iterable<Tensor> | Iterable<Record<string, any>>, lr?: number | LBFGSOptions, max_iter?: number | LBFGSOptions, max_eval?: number | null | LBFGSOptions, tolerance_grad?: number | LBFGSOptions, tolerance_change?: number | LBFGSOptions, history_size?: number | LBFGSOptions, line_search_fn?: string | null | LBFGSOptions, options?: LBFGSOptions);
  constructor(params: any, ...args: any[]) {
    const full = V.optim_every_option;
    const a = bindArgs("__init__", [["lr", 1], ["max_iter", 20], ["max_eval", null], ["tolerance_grad", 1e-7], ["tolerance_change", 1e-9],
      ["history_size", 100], ["line_search_fn", null]], args, full ? [["maximize", false]] : []);
    const [lr, max_iter, , tolerance_grad, tolerance_change, history_size, line_search_fn, maximize] = a;
    checkNonNegative(lr, "learning rate");
    const max_eval = a[2] ?? Math.floor((max_iter * 5) / 4);
    const defaults: Record<string, any> = { lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, line_search_fn };
    if (full) defaults.maximize = maximize;
    super(params, defaults);
    if (this.param_groups.length !== 1) throw valueError("LBFGS doesn't support per-parameter options (parameter groups)");
    this._params = this.param_groups[0].params;
    this._numel_cache = null;
  }
  _numel(): number {
    if (this._numel_cache === null) this._numel_cache = this._params.reduce((n, p) => n + (p.is_complex() ? 2 : 1) * p.numel(), 0);
    return this._numel_cache;
  }
  _gather_flat_grad(): Tensor {
    const views = this._params.map((p) => {
      let view = p.grad === null ? op("zeros", [p.numel()], { dtype: p.dtype }) : p.grad.view(-1);
      if (view.is_complex()) view = op("view_as_real", view).view(-1);
      return view;
    });
    const flat_grad: Tensor = op("cat", views, 0);
    if (this.param_groups[0].maximize) flat_grad.neg_();
    return flat_grad;
  }
  _add_grad(step_size: Num, update: Tensor): void {
    let offset = 0;
    for (let p of this._params) {
      if (p.is_complex()) p = op("view_as_real", p);
      const numel = p.numel();
      p.add_(update.slice(0, offset, offset + numel).view_as(p), { alpha: val(step_size) });
      offset += numel;
    }
  }
  _clone_param(): Tensor[] { return this._params.map((p) => p.clone()); }
  _set_param(params_data: Tensor[]): void { this._params.forEach((p, i) => p.copy_(params_data[i])); }
  _directional_evaluate(closure: () => any, x: Tensor[], t: Num, d: Tensor): [number, Tensor] {
    this._add_grad(t, d);
    let loss = toFloat(closure());
    if (this.param_groups[0].maximize) loss = -loss;
    const flat_grad = this._gather_flat_grad();
    this._set_param(x);
    return [loss, flat_grad];
  }

  step(closure?: (() => any) | null): any {
    if (!closure) throw new TypeError("step() missing 1 required positional argument: 'closure'");
    const r = no_grad(() => this._lbfgs(() => enable_grad(closure)));
    this._keepState();
    return r;
  }

  private _lbfgs(closure: () => any): any {
    if (this._params.length === 0) return closure();
    const group = this.param_groups[0];
    const { lr, max_iter, max_eval, tolerance_grad, tolerance_change, line_search_fn, history_size } = group;
    const maximize = Boolean(group.maximize);
    const state = this._state(this._params[0]);
    if (!("func_evals" in state)) state.func_evals = 0;
    if (!("n_iter" in state)) state.n_iter = 0;

    const orig_loss = closure();
    let loss = maximize ? -toFloat(orig_loss) : toFloat(orig_loss);
    let current_evals = 1;
    state.func_evals += 1;
    let flat_grad = this._gather_flat_grad();
    let opt_cond = le(flat_grad.abs().max(), tolerance_grad);
    if (opt_cond) return orig_loss;

    let d: Tensor = state.d, t: Num = state.t;
    let old_dirs: Tensor[] = state.old_dirs, old_stps: Tensor[] = state.old_stps, ro: Num[] = state.ro;
    let H_diag: Num = state.H_diag;
    let prev_flat_grad: Tensor | undefined = state.prev_flat_grad;
    let prev_loss: number = state.prev_loss;

    let n_iter = 0;
    while (n_iter < max_iter) {
      n_iter += 1;
      state.n_iter += 1;
      if (state.n_iter === 1) {
        d = flat_grad.neg();
        old_dirs = []; old_stps = []; ro = [];
        H_diag = 1;
      } else {
        const y = flat_grad.sub(prev_flat_grad!);
        const s = d.mul(t as any);
        const ys = y.dot(s);
        if (lt(1e-10, ys)) {
          if (old_dirs.length === history_size) { old_dirs.shift(); old_stps.shift(); ro.shift(); }
          old_dirs.push(y); old_stps.push(s); ro.push(div(1.0, ys));
          H_diag = ys.div(y.dot(y));
        }
        const num_old = old_dirs.length;
        if (!("al" in state)) state.al = new Array(history_size).fill(null);
        const al: Num[] = state.al;
        const q = flat_grad.neg();
        for (let i = num_old - 1; i >= 0; i--) {
          al[i] = mul(old_stps[i].dot(q), ro[i]);
          q.add_(old_dirs[i], { alpha: -val(al[i]) });
        }
        d = q.mul(H_diag as any);
        const r = d;
        for (let i = 0; i < num_old; i++) {
          const be_i = mul(old_dirs[i].dot(r), ro[i]);
          r.add_(old_stps[i], { alpha: val(sub(al[i], be_i)) });
        }
      }
      if (prev_flat_grad === undefined || prev_flat_grad === null) prev_flat_grad = flat_grad.clone();
      else prev_flat_grad.copy_(flat_grad);
      prev_loss = loss;

      t = state.n_iter === 1 ? mul(min(1.0, div(1.0, flat_grad.abs().sum())), lr) : lr;
      const gtd = flat_grad.dot(d);
      if (lt(-tolerance_change, gtd)) break;

      let ls_func_evals = 0;
      if (line_search_fn !== null && line_search_fn !== undefined) {
        if (line_search_fn !== "strong_wolfe") throw new Error("only 'strong_wolfe' is supported");
        const x_init = this._clone_param();
        const obj_func: ObjFunc = (x, tt, dd) => this._directional_evaluate(closure, x, tt, dd);
        [loss, flat_grad, t, ls_func_evals] = _strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd, 1e-4, 0.9, 1e-9, max_eval - current_evals);
        this._add_grad(t, d);
        opt_cond = le(flat_grad.abs().max(), tolerance_grad);
      } else {
        this._add_grad(t, d);
        if (n_iter !== max_iter) {
          loss = toFloat(closure());
          if (maximize) loss = -loss;
          flat_grad = this._gather_flat_grad();
          opt_cond = le(flat_grad.abs().max(), tolerance_grad);
          ls_func_evals = 1;
        }
      }
      current_evals += ls_func_evals;
      state.func_evals += ls_func_evals;

      if (n_iter === max_iter) break;
      if (current_evals >= max_eval) break;
      if (opt_cond) break;
      if (le(d.mul(t as any).abs().max(), tolerance_change)) break;
      if (Math.abs(loss - prev_loss) < tolerance_change) break;
    }
    Object.assign(state, { d, t, old_dirs, old_stps, ro, H_diag, prev_flat_grad, prev_loss });
    // Python's H_diag = 1 and prev_loss are a Python int and float
    mark_float(state, "prev_loss");
    return orig_loss;
  }
}

/** Python's float(x) of a closure's loss (a 0-d tensor or a number). */
function toFloat(x: unknown): number {
  return x instanceof Tensor ? (x.item() as number) : Number(x);
}

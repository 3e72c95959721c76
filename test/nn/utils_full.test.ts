// torch.nn.utils against Python of the linked version: get_total_norm / clip_grads_with_norm_,
// the deprecated clip_grad_norm, the hook-based weight_norm and spectral_norm, the parametrize
// API and nn.utils.parametrizations (orthogonal, weight_norm, spectral_norm): values, gradients,
// state_dict keys (and loading Python's), reprs and errors.
import { describe, it, expect, beforeAll, vi } from "vitest";
import torch, { nn, Tensor } from "../../lib/index";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "./helpers";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const U = nn.utils as any;
const P = U.parametrize, PS = U.parametrizations;

const PY = PY_ERR + `
import torch.nn as nn, warnings
import torch.nn.utils.parametrize as P
import torch.nn.utils.parametrizations as PS
from torch.nn import utils as U
warnings.simplefilter('ignore')
out = {}
def keys(m): return list(m.state_dict().keys())
def grads(m): return {k: v.grad for k, v in m.named_parameters()}
def run(m, x):
    y = m(x); y.pow(2).sum().backward(); return y
# clip_grad
def net(seed):
    torch.manual_seed(seed); m = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 2)); (m(torch.randn(5, 4)) * 10).sum().backward(); return m
m = net(0)
try:
    n = U.get_total_norm([p.grad for p in m.parameters()], 3.0); U.clip_grads_with_norm_(m.parameters(), 0.7, n)
    out['total'] = [n] + [p.grad for p in m.parameters()]
    out['total_inf'] = U.get_total_norm([p.grad for p in m.parameters()], float('inf'))
except AttributeError as e:
    out['total'] = ['AttributeError', str(e)]
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    m = net(1); out['deprecated'] = [U.clip_grad_norm(m.parameters(), 0.5)] + [p.grad for p in m.parameters()]
    out['deprecated_warn'] = [[x.category.__name__, str(x.message)] for x in w]
m = net(2); m[0].weight.grad[0, 0] = float('nan')
out['nonfinite'] = err(lambda: U.clip_grad_norm_(m.parameters(), 1.0, error_if_nonfinite=True))
# hook-based weight_norm
torch.manual_seed(3); m = nn.Linear(4, 3); U.weight_norm(m); x = torch.randn(2, 4)
out['wn'] = {'keys': keys(m), 'g': m.weight_g, 'v': m.weight_v, 'y': run(m, x), 'grads': grads(m), 'hooks': len(m._forward_pre_hooks), 'repr': repr(m)}
out['wn_twice'] = err(lambda: U.weight_norm(m))
U.remove_weight_norm(m); out['wn_removed'] = {'keys': keys(m), 'w': m.weight}
out['wn_missing'] = err(lambda: U.remove_weight_norm(m))
torch.manual_seed(4); m = nn.Conv1d(2, 3, 3); U.weight_norm(m, 'weight', None); out['wn_none'] = {'keys': keys(m), 'g': m.weight_g}
# hook-based spectral_norm
torch.manual_seed(5); m = nn.Linear(5, 4); U.spectral_norm(m); x = torch.randn(3, 5)
sd = m.state_dict()
out['sn'] = {'keys': keys(m), 'meta': sd._metadata[''].get('spectral_norm'), 'u0': m.weight_u.clone(), 'y': run(m, x), 'grads': grads(m), 'u': m.weight_u, 'v': m.weight_v, 'w': m.weight}
m.eval(); out['sn']['y_eval'] = m(x)
U.remove_spectral_norm(m); out['sn_removed'] = {'keys': keys(m), 'w': m.weight}
torch.manual_seed(6); m = nn.ConvTranspose2d(3, 2, 2); U.spectral_norm(m, n_power_iterations=2); out['sn_convt'] = {'u': m.weight_u, 'v': m.weight_v, 'y': m(torch.randn(1, 3, 3, 3))}
# parametrize
class Symmetric(nn.Module):
    def forward(self, X): return X.triu() + X.triu(1).mT
class Scale(nn.Module):
    def forward(self, X): return X * 2
    def right_inverse(self, X): return X / 2
torch.manual_seed(7); m = nn.Linear(3, 3); P.register_parametrization(m, 'weight', Symmetric()); x = torch.randn(2, 3)
out['par'] = {'keys': keys(m), 'repr': repr(m), 'name': type(m).__name__, 'before': P.type_before_parametrizations(m).__name__, 'w': m.weight, 'y': run(m, x), 'grads': grads(m),
              'is': [P.is_parametrized(m), P.is_parametrized(m, 'weight'), P.is_parametrized(m, 'bias')], 'params': [k for k, _ in m.named_parameters()]}
out['par_assign'] = err(lambda: setattr(m, 'weight', torch.ones(3, 3)))
P.register_parametrization(m, 'weight', Scale()); out['par2'] = {'keys': keys(m), 'w': m.weight, 'repr': repr(m)}
torch.manual_seed(15); m3 = nn.Linear(3, 3); P.register_parametrization(m3, 'weight', Scale()); P.register_parametrization(m3, 'weight', Scale())
m3.weight = torch.arange(9.).reshape(3, 3); out['par2_assigned'] = {'orig': m3.parametrizations.weight.original, 'w': m3.weight, 'keys': keys(m3)}
with P.cached():
    out['cached'] = m3.weight is m3.weight
out['uncached'] = m3.weight is m3.weight
P.remove_parametrizations(m, 'weight'); out['par_removed'] = {'keys': keys(m), 'w': m.weight, 'name': type(m).__name__, 'is': P.is_parametrized(m)}
torch.manual_seed(8); m = nn.Linear(3, 3); P.register_parametrization(m, 'weight', Scale()); P.register_parametrization(m, 'bias', Scale())
P.remove_parametrizations(m, 'weight', leave_parametrized=False); out['par_keep_orig'] = {'keys': keys(m), 'w': m.weight, 'b': m.bias, 'repr': repr(m)}
out['par_errs'] = [err(lambda: P.register_parametrization(m, 'foo', Scale())), err(lambda: P.remove_parametrizations(m, 'weight')),
                   err(lambda: P.register_parametrization(nn.Linear(2, 3), 'weight', Symmetric()))]
# parametrizations.spectral_norm
torch.manual_seed(9); m = nn.Linear(5, 4); PS.spectral_norm(m); x = torch.randn(3, 5)
out['psn'] = {'keys': keys(m), 'u0': m.parametrizations.weight[0]._u.clone(), 'y': run(m, x), 'grads': grads(m), 'u': m.parametrizations.weight[0]._u, 'repr': repr(m)}
m.eval(); out['psn']['y_eval'] = m(x)
torch.manual_seed(10); m = nn.ConvTranspose1d(3, 2, 2); PS.spectral_norm(m, n_power_iterations=3, eps=1e-6); out['psn_convt'] = {'u': m.parametrizations.weight[0]._u, 'w': m.weight}
out['psn_errs'] = [err(lambda: PS.spectral_norm(nn.Linear(2, 2), 'foo')), err(lambda: PS.spectral_norm(nn.Linear(2, 2), n_power_iterations=0)), err(lambda: PS.spectral_norm(nn.Linear(2, 2), dim=3))]
# parametrizations.weight_norm (2.1)
if hasattr(PS, 'weight_norm'):
    torch.manual_seed(11); m = nn.Linear(4, 3); PS.weight_norm(m); x = torch.randn(2, 4)
    out['pwn'] = {'keys': keys(m), 'g': m.parametrizations.weight.original0, 'y': run(m, x), 'grads': grads(m), 'repr': repr(m)}
    torch.manual_seed(12); old = nn.Linear(4, 3); U.weight_norm(old); torch.manual_seed(13); m = nn.Linear(4, 3); PS.weight_norm(m)
    m.load_state_dict(old.state_dict()); out['pwn_load'] = {'w': m.weight, 'g': m.parametrizations.weight.original0}
# parametrizations.orthogonal
res = {}
for name, shape, kw in [('sq', (4, 4), {}), ('tall', (3, 5), {}), ('wide', (5, 3), {}), ('cayley', (4, 4), {'orthogonal_map': 'cayley'}), ('hh_sq', (4, 4), {'orthogonal_map': 'householder'})]:
    torch.manual_seed(14); m = nn.Linear(shape[1], shape[0]); PS.orthogonal(m, **kw)
    r = {'keys': keys(m), 'w': m.weight, 'base': m.parametrizations.weight[0].base, 'orig': m.parametrizations.weight.original}
    with torch.no_grad(): m.parametrizations.weight.original.copy_(torch.randn(*shape) * 0.3)
    x = torch.randn(2, shape[1]); r['y'] = run(m, x); r['grads'] = grads(m)
    res[name] = r
out['orth'] = res
out['orth_repr'] = repr(m)
out['orth_errs'] = [err(lambda: PS.orthogonal(nn.Linear(3, 3), orthogonal_map='qr')), err(lambda: PS.orthogonal(nn.Linear(3, 3), 'bias'))]
`;

let ref: any;
const warnings: string[][] = [];
beforeAll(() => {
  ref = py(PY);
  vi.spyOn(process, "emitWarning").mockImplementation(((msg: string, cat: string) => { warnings.push([cat, String(msg)]); }) as any);
});
const err = (f: () => unknown) => { try { f(); return null; } catch (e: any) { return [e.name === "Error" ? "RuntimeError" : e.name, e.message]; } };
const keys = (m: nn.Module) => Object.keys(m.state_dict());
const grads = (m: nn.Module) => Object.fromEntries(m.named_parameters().map(([k, v]) => [k, v.grad]));
function run(m: nn.Module, x: Tensor): Tensor {
  const y = m(x);
  y.pow(2).sum().backward();
  return y;
}
function closeAll(got: Record<string, any>, exp: Record<string, any>) {
  expect(Object.keys(got)).toEqual(Object.keys(exp));
  for (const k of Object.keys(exp)) {
    if (exp[k] && typeof exp[k] === "object" && "tensor" in exp[k]) expectClose(got[k], exp[k], 1e-6, 1e-5);
    else if (exp[k] && typeof exp[k] === "object" && !Array.isArray(exp[k])) closeAll(got[k], exp[k]);
    else expect(got[k], k).toEqual(exp[k]);
  }
}
function net(seed: number) {
  torch.manual_seed(seed);
  const m = new nn.Sequential(new nn.Linear(4, 3), new nn.Tanh(), new nn.Linear(3, 2));
  m(torch.randn(5, 4)).mul(10).sum().backward();
  return m;
}

class Symmetric extends nn.Module {
  forward(X: Tensor) { return X.triu().add(X.triu(1).mT); }
}
class Scale extends nn.Module {
  forward(X: Tensor) { return X.mul(2); }
  right_inverse(X: Tensor) { return X.div(2); }
}

describe("nn.utils against Python", () => {
  it("get_total_norm and clip_grads_with_norm_ (2.6), the deprecated clip_grad_norm, error_if_nonfinite", () => {
    let m = net(0);
    if (ref.total[0] === "AttributeError") expect(err(() => U.get_total_norm([]))).toEqual(ref.total);
    else {
      const n = U.get_total_norm(m.parameters().map((p) => p.grad), 3.0);
      U.clip_grads_with_norm_(m.parameters(), 0.7, n);
      [n, ...m.parameters().map((p) => p.grad)].forEach((t, i) => expectClose(t, ref.total[i]));
      expectClose(U.get_total_norm(m.parameters().map((p) => p.grad), Infinity), ref.total_inf);
    }
    warnings.length = 0;
    m = net(1);
    [U.clip_grad_norm(m.parameters(), 0.5), ...m.parameters().map((p) => p.grad)].forEach((t, i) => expectClose(t, ref.deprecated[i]));
    expect(warnings).toEqual(ref.deprecated_warn);
    m = net(2);
    m.parameters()[0].grad!.index_put_([0, 0], NaN);
    expect(err(() => U.clip_grad_norm_(m.parameters(), 1.0, { error_if_nonfinite: true }))).toEqual(ref.nonfinite);
  });

  it("weight_norm / remove_weight_norm (hooks): keys, values, gradients", () => {
    torch.manual_seed(3);
    let m: any = new nn.Linear(4, 3);
    U.weight_norm(m);
    const x = torch.randn(2, 4);
    closeAll({ keys: keys(m), g: m.weight_g, v: m.weight_v, y: run(m, x), grads: grads(m), hooks: m._forward_pre_hooks.size, repr: String(m) }, ref.wn);
    expect(err(() => U.weight_norm(m))).toEqual(ref.wn_twice);
    U.remove_weight_norm(m);
    closeAll({ keys: keys(m), w: m.weight }, ref.wn_removed);
    expect(err(() => U.remove_weight_norm(m))).toEqual(ref.wn_missing);
    torch.manual_seed(4);
    m = new nn.Conv1d(2, 3, 3);
    U.weight_norm(m, "weight", null);
    closeAll({ keys: keys(m), g: m.weight_g }, ref.wn_none);
  });

  it("spectral_norm / remove_spectral_norm (hooks): keys, metadata, power iteration, eval", () => {
    torch.manual_seed(5);
    let m: any = new nn.Linear(5, 4);
    U.spectral_norm(m);
    const x = torch.randn(3, 5);
    const sd = m.state_dict();
    const got: any = { keys: keys(m), meta: sd._metadata[""].spectral_norm, u0: m.weight_u.clone(), y: run(m, x), grads: grads(m), u: m.weight_u, v: m.weight_v, w: m.weight };
    m.eval();
    got.y_eval = m(x);
    closeAll(got, ref.sn);
    U.remove_spectral_norm(m);
    closeAll({ keys: keys(m), w: m.weight }, ref.sn_removed);
    torch.manual_seed(6);
    m = new nn.ConvTranspose2d(3, 2, 2);
    U.spectral_norm(m, { n_power_iterations: 2 });
    closeAll({ u: m.weight_u, v: m.weight_v, y: m(torch.randn(1, 3, 3, 3)) }, ref.sn_convt);
  });

  it("parametrize: register (chained), assign through right_inverse, cached, remove, Python's class, keys and repr", () => {
    torch.manual_seed(7);
    let m: any = new nn.Linear(3, 3);
    P.register_parametrization(m, "weight", new Symmetric());
    const x = torch.randn(2, 3);
    closeAll({
      keys: keys(m), repr: String(m), name: m.constructor.name, before: P.type_before_parametrizations(m).name, w: m.weight, y: run(m, x), grads: grads(m),
      is: [P.is_parametrized(m), P.is_parametrized(m, "weight"), P.is_parametrized(m, "bias")], params: m.named_parameters().map(([k]: [string]) => k),
    }, ref.par);
    expect(err(() => { m.weight = torch.ones(3, 3); })).toEqual(ref.par_assign);
    P.register_parametrization(m, "weight", new Scale());
    closeAll({ keys: keys(m), w: m.weight, repr: String(m) }, ref.par2);
    torch.manual_seed(15);
    const m3: any = new nn.Linear(3, 3);
    P.register_parametrization(m3, "weight", new Scale());
    P.register_parametrization(m3, "weight", new Scale());
    m3.weight = torch.arange(9.0).reshape(3, 3);
    closeAll({ orig: m3.parametrizations.weight.original, w: m3.weight, keys: keys(m3) }, ref.par2_assigned);
    expect(P.cached(() => m3.weight === m3.weight)).toBe(ref.cached);
    expect(m3.weight === m3.weight).toBe(ref.uncached);
    P.remove_parametrizations(m, "weight");
    closeAll({ keys: keys(m), w: m.weight, name: m.constructor.name, is: P.is_parametrized(m) }, ref.par_removed);
    torch.manual_seed(8);
    m = new nn.Linear(3, 3);
    P.register_parametrization(m, "weight", new Scale());
    P.register_parametrization(m, "bias", new Scale());
    P.remove_parametrizations(m, "weight", { leave_parametrized: false });
    closeAll({ keys: keys(m), w: m.weight, b: m.bias, repr: String(m) }, ref.par_keep_orig);
    expect([err(() => P.register_parametrization(m, "foo", new Scale())), err(() => P.remove_parametrizations(m, "weight")),
      err(() => P.register_parametrization(new nn.Linear(2, 3), "weight", new Symmetric()))]).toEqual(ref.par_errs);
  });

  it("parametrizations.spectral_norm", () => {
    torch.manual_seed(9);
    let m: any = new nn.Linear(5, 4);
    PS.spectral_norm(m);
    const x = torch.randn(3, 5);
    const got: any = { keys: keys(m), u0: m.parametrizations.weight.at(0)._u.clone(), y: run(m, x), grads: grads(m), u: m.parametrizations.weight.at(0)._u, repr: String(m) };
    m.eval();
    got.y_eval = m(x);
    closeAll(got, ref.psn);
    torch.manual_seed(10);
    m = new nn.ConvTranspose1d(3, 2, 2);
    PS.spectral_norm(m, { n_power_iterations: 3, eps: 1e-6 });
    closeAll({ u: m.parametrizations.weight.at(0)._u, w: m.weight }, ref.psn_convt);
    expect([err(() => PS.spectral_norm(new nn.Linear(2, 2), "foo")), err(() => PS.spectral_norm(new nn.Linear(2, 2), { n_power_iterations: 0 })),
      err(() => PS.spectral_norm(new nn.Linear(2, 2), { dim: 3 }))]).toEqual(ref.psn_errs);
  });

  it("parametrizations.weight_norm (2.1) loads the hook-based weight_norm's state_dict", () => {
    if (ref.pwn === undefined) {
      expect(err(() => PS.weight_norm(new nn.Linear(2, 2)))).toEqual(["AttributeError", "module 'torch.nn.utils.parametrizations' has no attribute 'weight_norm'"]);
      return;
    }
    torch.manual_seed(11);
    let m: any = new nn.Linear(4, 3);
    PS.weight_norm(m);
    const x = torch.randn(2, 4);
    closeAll({ keys: keys(m), g: m.parametrizations.weight.original0, y: run(m, x), grads: grads(m), repr: String(m) }, ref.pwn);
    torch.manual_seed(12);
    const old = new nn.Linear(4, 3);
    U.weight_norm(old);
    torch.manual_seed(13);
    m = new nn.Linear(4, 3);
    PS.weight_norm(m);
    m.load_state_dict(old.state_dict());
    closeAll({ w: m.weight, g: m.parametrizations.weight.original0 }, ref.pwn_load);
  });

  it("parametrizations.orthogonal: matrix_exp, householder, cayley; base, weights and gradients", () => {
    const shapes: [string, number[], object][] = [["sq", [4, 4], {}], ["tall", [3, 5], {}], ["wide", [5, 3], {}], ["cayley", [4, 4], { orthogonal_map: "cayley" }], ["hh_sq", [4, 4], { orthogonal_map: "householder" }]];
    let m: any;
    for (const [name, shape, kw] of shapes) {
      torch.manual_seed(14);
      m = new nn.Linear(shape[1], shape[0]);
      PS.orthogonal(m, kw);
      const r: any = { keys: keys(m), w: m.weight, base: m.parametrizations.weight.at(0).base, orig: m.parametrizations.weight.original };
      torch.no_grad(() => m.parametrizations.weight.original.copy_(torch.randn(...shape).mul(0.3)));
      const x = torch.randn(2, shape[1]);
      r.y = run(m, x);
      r.grads = grads(m);
      closeAll(r, ref.orth[name]);
    }
    expect(String(m)).toBe(ref.orth_repr);
    expect([err(() => PS.orthogonal(new nn.Linear(3, 3), { orthogonal_map: "qr" })), err(() => PS.orthogonal(new nn.Linear(3, 3), "bias"))]).toEqual(ref.orth_errs);
  });

  it("parametrized state_dicts move between Python and torch-node through torch.save / torch.load", () => {
    const dir = mkdtempSync(join(tmpdir(), "tn-param-"));
    const build = (seed: number) => {
      torch.manual_seed(seed);
      const m: any = new nn.Sequential(new nn.Linear(4, 4), new nn.Tanh(), new nn.Linear(4, 3));
      PS.orthogonal(m.at(0));
      PS.spectral_norm(m.at(2));
      P.register_parametrization(m.at(2), "bias", new Scale());
      return m.eval();
    };
    const mine = build(16);
    torch.save(mine.state_dict(), join(dir, "ts.pt"));
    const r = py(`
import torch.nn as nn
import torch.nn.utils.parametrize as P
import torch.nn.utils.parametrizations as PS
class Scale(nn.Module):
    def forward(self, X): return X * 2
    def right_inverse(self, X): return X / 2
def build(seed):
    torch.manual_seed(seed); m = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 3))
    PS.orthogonal(m[0]); PS.spectral_norm(m[2]); P.register_parametrization(m[2], 'bias', Scale()); return m.eval()
x = torch.arange(8.).reshape(2, 4) / 8
m = build(17); m.load_state_dict(torch.load(${JSON.stringify(join(dir, "ts.pt"))}))
theirs = build(18); torch.save(theirs.state_dict(), ${JSON.stringify(join(dir, "py.pt"))})
out = {'keys': list(m.state_dict().keys()), 'y_mine': m(x), 'y_theirs': theirs(x)}
`);
    const x = torch.arange(8.0).reshape(2, 4).div(8);
    expect(keys(mine)).toEqual(r.keys);
    expectClose(mine(x), r.y_mine);
    const theirs = build(19);
    theirs.load_state_dict(torch.load(join(dir, "py.pt")));
    expectClose(theirs(x), r.y_theirs);
    rmSync(dir, { recursive: true });
  });
});

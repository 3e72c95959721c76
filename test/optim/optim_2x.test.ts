// The optimizers of 2.x releases against the linked Python: Adafactor (2.5) and Muon (2.9), five
// seeded steps (parameters within 1e-6 after each), state_dict state and param_groups, reprs and
// argument errors; against a release without them, Python's AttributeError on both sides.
import { describe, it, expect, beforeAll } from "vitest";
import torch, { nn, optim } from "../../lib/index";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "../nn/helpers";

const O = optim as any;

const PY = PY_ERR + `
import torch.nn as nn
out = {}
def net(seed, bias=True):
    torch.manual_seed(seed); return nn.Sequential(nn.Linear(4, 6, bias=bias), nn.Tanh(), nn.Linear(6, 3, bias=bias))
def run(cls, kw, bias=True):
    m = net(0, bias); opt = cls(m.parameters(), **kw); torch.manual_seed(1); x = torch.randn(8, 4); steps = []
    for i in range(5):
        opt.zero_grad(); m(x * (i + 1)).pow(2).sum().backward(); opt.step(); steps.append([p.detach().clone() for p in m.parameters()])
    sd = opt.state_dict()
    return {'steps': steps, 'state': {str(k): v for k, v in sd['state'].items()}, 'groups': [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()} for g in sd['param_groups']], 'repr': repr(opt)}
ADA = [('default', {}), ('all', dict(lr=0.05, beta2_decay=-0.5, eps=(1e-20, 1e-2), d=1.5, weight_decay=0.1, maximize=True))]
MUON = [('default', {}), ('plain', dict(lr=0.02, weight_decay=0, momentum=0.9, nesterov=False, ns_steps=3, adjust_lr_fn='match_rms_adamw')), ('spectral', dict(lr=0.01, adjust_lr_fn='spectral_unclamped', ns_coefficients=(3.1, -3.2, 1.2), eps=1e-5))]
if hasattr(torch.optim, 'Adafactor'):
    out['adafactor'] = {k: run(torch.optim.Adafactor, kw) for k, kw in ADA}
    p = [nn.Parameter(torch.ones(2))]
    out['adafactor_errs'] = [err(lambda: torch.optim.Adafactor(p, lr=-1.5)), err(lambda: torch.optim.Adafactor(p, beta2_decay=0.5)), err(lambda: torch.optim.Adafactor(p, eps=(-1.5, 1e-3))),
        err(lambda: torch.optim.Adafactor(p, eps=(None, -1.5))), err(lambda: torch.optim.Adafactor(p, d=0.5)), err(lambda: torch.optim.Adafactor(p, weight_decay=-1.5))]
else:
    out['adafactor'] = err(lambda: torch.optim.Adafactor)
if hasattr(torch.optim, 'Muon'):
    out['muon'] = {k: run(torch.optim.Muon, kw, bias=False) for k, kw in MUON}
    p = [nn.Parameter(torch.ones(2, 2))]
    out['muon_errs'] = [err(lambda: torch.optim.Muon(p, lr=-1.5)), err(lambda: torch.optim.Muon(p, momentum=-1.5)), err(lambda: torch.optim.Muon(p, weight_decay=-1.5)),
        err(lambda: torch.optim.Muon(p, adjust_lr_fn='x')), err(lambda: torch.optim.Muon([nn.Parameter(torch.ones(3))]))]
else:
    out['muon'] = err(lambda: torch.optim.Muon)
`;

let ref: any;
beforeAll(() => { ref = py(PY); });
const err = (f: () => unknown) => { try { f(); return null; } catch (e: any) { return [e.name === "Error" ? "RuntimeError" : e.name, e.message]; } };
function net(seed: number, bias = true) {
  torch.manual_seed(seed);
  return new nn.Sequential(new nn.Linear(4, 6, { bias }), new nn.Tanh(), new nn.Linear(6, 3, { bias }));
}
function check(cls: any, kw: Record<string, any>, exp: any, bias = true) {
  const m = net(0, bias), opt = new cls(m.parameters(), kw);
  torch.manual_seed(1);
  const x = torch.randn(8, 4);
  for (let i = 0; i < 5; i++) {
    opt.zero_grad();
    m(x.mul(i + 1)).pow(2).sum().backward();
    opt.step();
    const ps = m.parameters();
    expect(ps.length).toBe(exp.steps[i].length);
    ps.forEach((p, j) => expectClose(p, exp.steps[i][j]));
  }
  const sd = opt.state_dict();
  const state = Object.fromEntries([...(sd.state instanceof Map ? sd.state.entries() : Object.entries(sd.state))].map(([k, v]: [any, any]) => [String(k), v]));
  expect(Object.keys(state)).toEqual(Object.keys(exp.state));
  for (const [k, s] of Object.entries(exp.state) as [string, any][]) {
    expect(Object.keys(state[k])).toEqual(Object.keys(s));
    for (const n of Object.keys(s)) expectClose(state[k][n], s[n]);
  }
  expect(sd.param_groups.map((g: any) => Object.fromEntries(Object.entries(g).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])))).toEqual(exp.groups);
  expect(String(opt)).toBe(exp.repr);
}

describe("2.x optimizers against Python", () => {
  it("Adafactor: steps, state, param_groups, repr, errors", () => {
    if (Array.isArray(ref.adafactor)) { expect(err(() => new O.Adafactor([]))).toEqual(ref.adafactor); return; }
    check(O.Adafactor, {}, ref.adafactor.default);
    check(O.Adafactor, { lr: 0.05, beta2_decay: -0.5, eps: [1e-20, 1e-2], d: 1.5, weight_decay: 0.1, maximize: true }, ref.adafactor.all);
    const p = [new nn.Parameter(torch.ones(2))];
    expect([err(() => new O.Adafactor(p, { lr: -1.5 })), err(() => new O.Adafactor(p, { beta2_decay: 0.5 })), err(() => new O.Adafactor(p, { eps: [-1.5, 1e-3] })),
      err(() => new O.Adafactor(p, { eps: [null, -1.5] })), err(() => new O.Adafactor(p, { d: 0.5 })), err(() => new O.Adafactor(p, { weight_decay: -1.5 }))]).toEqual(ref.adafactor_errs);
  });
  it("Muon: steps, state, param_groups, repr, errors", () => {
    if (Array.isArray(ref.muon)) { expect(err(() => new O.Muon([]))).toEqual(ref.muon); return; }
    check(O.Muon, {}, ref.muon.default, false);
    check(O.Muon, { lr: 0.02, weight_decay: 0.0, momentum: 0.9, nesterov: false, ns_steps: 3, adjust_lr_fn: "match_rms_adamw" }, ref.muon.plain, false);
    check(O.Muon, { lr: 0.01, adjust_lr_fn: "spectral_unclamped", ns_coefficients: [3.1, -3.2, 1.2], eps: 1e-5 }, ref.muon.spectral, false);
    const p = [new nn.Parameter(torch.ones(2, 2))];
    expect([err(() => new O.Muon(p, { lr: -1.5 })), err(() => new O.Muon(p, { momentum: -1.5 })), err(() => new O.Muon(p, { weight_decay: -1.5 })),
      err(() => new O.Muon(p, { adjust_lr_fn: "x" })), err(() => new O.Muon([new nn.Parameter(torch.ones(3))]))]).toEqual(ref.muon_errs);
  });
});

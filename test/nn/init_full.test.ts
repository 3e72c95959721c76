// nn.init in full against Python of the linked version: every function's draws after
// manual_seed (and from a Generator where the version takes one), the deprecated names and
// their warnings, calculate_gain and Python's errors.
import { describe, it, expect, beforeAll, vi } from "vitest";
import torch, { nn, Tensor } from "../../lib/index";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "./helpers";

const init = nn.init as any;

// Each case: [name, seed, function, shape, args (positional, then an options object), dtype].
type Case = [string, number, string, number[], unknown[], string?];
const CASES: Case[] = [
  ["uniform", 1, "uniform_", [3, 4], [-2, 5]],
  ["normal", 2, "normal_", [3, 4], [{ mean: 1.5, std: 0.25 }]],
  ["trunc_wide", 3, "trunc_normal_", [50, 40], []],
  ["trunc_narrow", 4, "trunc_normal_", [30, 20], [{ mean: 0.5, std: 2.0, a: 0.0, b: 0.3 }]],
  ["trunc_far", 5, "trunc_normal_", [10], [5.0, 1.0, -1.0, 1.0]],
  ["trunc_f64", 6, "trunc_normal_", [20, 5], [0.1, 0.5, -0.3, 0.8], "float64"],
  ["constant", 0, "constant_", [2, 3], [0.3]],
  ["ones", 0, "ones_", [2, 3], []],
  ["zeros", 0, "zeros_", [2, 3], []],
  ["eye", 0, "eye_", [3, 5], []],
  ["eye_tall", 0, "eye_", [4, 2], []],
  ["dirac3", 0, "dirac_", [6, 3, 3], []],
  ["dirac4_groups", 0, "dirac_", [4, 2, 3, 3], [2]],
  ["dirac5", 0, "dirac_", [2, 2, 3, 3, 3], [{ groups: 1 }]],
  ["xavier_uniform", 7, "xavier_uniform_", [4, 7], [{ gain: 5 / 3 }]],
  ["xavier_normal", 8, "xavier_normal_", [4, 7, 3], []],
  ["kaiming_uniform", 9, "kaiming_uniform_", [6, 5], [{ a: 0.2, mode: "fan_out" }]],
  ["kaiming_normal", 10, "kaiming_normal_", [6, 5, 2], [0, "fan_in", "relu"]],
  ["orthogonal", 11, "orthogonal_", [6, 4], []],
  ["orthogonal_wide", 12, "orthogonal_", [3, 8], [{ gain: 2 }]],
  ["orthogonal_3d", 13, "orthogonal_", [4, 2, 3], []],
  ["sparse", 14, "sparse_", [10, 6], [0.3]],
  ["sparse_std", 15, "sparse_", [5, 4], [0.5, { std: 1.0 }]],
];
// The drawing functions once more with generator= (2.2).
const GEN: Case[] = [
  ["g_uniform", 0, "uniform_", [2, 3], [-1, 1]],
  ["g_normal", 0, "normal_", [3], []],
  ["g_trunc", 0, "trunc_normal_", [4, 4], [{ std: 0.5 }]],
  ["g_xavier_u", 0, "xavier_uniform_", [2, 5], []],
  ["g_xavier_n", 0, "xavier_normal_", [2, 5], [2.0]],
  ["g_kaiming_u", 0, "kaiming_uniform_", [3, 4], [{ a: 1 }]],
  ["g_kaiming_n", 0, "kaiming_normal_", [3, 4], [{ mode: "fan_out" }]],
  ["g_orthogonal", 0, "orthogonal_", [3, 3], []],
  ["g_sparse", 0, "sparse_", [4, 3], [0.5]],
];
const DEPRECATED = ["uniform", "normal", "constant", "eye", "dirac", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "orthogonal", "sparse"];

const PY = PY_ERR + `
import torch.nn as nn, warnings
init = nn.init
CASES = json.loads(${JSON.stringify(JSON.stringify(CASES))})
GEN = json.loads(${JSON.stringify(JSON.stringify(GEN))})
def call(f, t, args, **extra):
    pos = [a for a in args if not isinstance(a, dict)]
    kw = dict(next((a for a in args if isinstance(a, dict)), {}), **extra)
    return f(t, *pos, **kw)
def empty(shape, dt):
    return torch.empty(*shape, dtype=getattr(torch, dt or 'float32'))
out = {'cases': {}, 'gen': {}}
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    for name, seed, fn, shape, args, *dt in CASES:
        torch.manual_seed(seed)
        out['cases'][name] = call(getattr(init, fn), empty(shape, dt[0] if dt else None), args).clone()
    out['case_warnings'] = sorted(set([x.category.__name__ + ': ' + str(x.message) for x in w]))
for name, seed, fn, shape, args, *dt in GEN:
    g = torch.Generator().manual_seed(21)
    torch.manual_seed(0)
    try:
        out['gen'][name] = [call(getattr(init, fn), empty(shape, None), args, generator=g).clone(), call(getattr(init, fn), empty(shape, None), args, generator=g).clone(), torch.rand(2)]
    except TypeError as e:
        out['gen'][name] = ['TypeError', str(e)]
dep = {}
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    torch.manual_seed(3)
    dep['values'] = [init.uniform(torch.empty(2, 2)), init.normal(torch.empty(2)), init.constant(torch.empty(2), 0.5), init.eye(torch.empty(2, 2)),
                     init.dirac(torch.empty(2, 2, 3)), init.xavier_uniform(torch.empty(2, 3)), init.xavier_normal(torch.empty(2, 3)),
                     init.kaiming_uniform(torch.empty(2, 3)), init.kaiming_normal(torch.empty(2, 3)), init.orthogonal(torch.empty(2, 3)), init.sparse(torch.empty(3, 2), 0.5)]
    dep['warnings'] = [[x.category.__name__, str(x.message)] for x in w]
out['dep'] = dep
p = nn.Parameter(torch.empty(3, 3)); init.eye_(p); init.orthogonal_(p); init.dirac_(nn.Parameter(torch.empty(2, 2, 3)))
out['param_ok'] = [p.requires_grad, p.grad_fn is None]
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    init.kaiming_uniform_(torch.empty(0, 3)); init.kaiming_normal_(torch.empty(3, 0))
    out['zero_warn'] = [str(x.message) for x in w]
out['gains'] = [init.calculate_gain(n) for n in ['linear', 'conv1d', 'conv_transpose3d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']] + [init.calculate_gain('leaky_relu', 0.2), init.calculate_gain('leaky_relu', 3)]
out['fans'] = [init._calculate_fan_in_and_fan_out(torch.empty(*s)) for s in [(3, 4), (5, 2, 3, 3), (2, 7, 4)]]
out['errs'] = [err(lambda: init.eye_(torch.empty(3))), err(lambda: init.dirac_(torch.empty(3, 3))), err(lambda: init.dirac_(torch.empty(5, 2, 3), 2)),
               err(lambda: init.orthogonal_(torch.empty(3))), err(lambda: init.sparse_(torch.empty(3, 3, 3), 0.1)), err(lambda: init.calculate_gain('foo')),
               err(lambda: init.calculate_gain('leaky_relu', True)), err(lambda: init.calculate_gain('leaky_relu', 'x')),
               err(lambda: init.kaiming_uniform_(torch.empty(3, 3), mode='fan_x')), err(lambda: init.xavier_uniform_(torch.empty(3))),
               err(lambda: init.uniform_(torch.empty(3), 0, 1, None, 5)), err(lambda: init.trunc_normal_(torch.empty(3), foo=1)),
               err(lambda: init.sparse_(torch.empty(3, 3)))]
`;

let ref: any;
const warnings: string[][] = [];
beforeAll(() => {
  ref = py(PY);
  vi.spyOn(process, "emitWarning").mockImplementation(((msg: string, cat: string) => { warnings.push([cat, String(msg)]); }) as any);
});

function call(fn: string, t: Tensor, args: unknown[], extra: Record<string, unknown> = {}): Tensor {
  const pos = args.filter((a) => typeof a !== "object");
  const kw = { ...(args.find((a) => typeof a === "object") as object), ...extra };
  return init[fn](t, ...pos, kw);
}
const empty = (shape: number[], dt?: string) => torch.empty(shape, { dtype: (torch as any)[dt ?? "float32"] });
const err = (f: () => unknown) => { try { f(); return null; } catch (e: any) { return [e.name === "Error" ? "RuntimeError" : e.name, e.message]; } };

describe("nn.init against Python", () => {
  it("every function draws what Python draws after manual_seed", () => {
    warnings.length = 0;
    for (const [name, seed, fn, shape, args, dt] of CASES) {
      torch.manual_seed(seed);
      const t = call(fn, empty(shape, dt), args);
      expect([...t.shape], name).toEqual(ref.cases[name].shape);
      expectClose(t, ref.cases[name], 0, 0);
    }
    const seen = new Set(warnings.map(([c, m]) => `${c}: ${m}`));
    for (const w of ref.case_warnings) expect(seen, w).toContain(w);
  });
  it("generator= draws from the generator and leaves the default one alone (2.2; 1.13 has no such argument)", () => {
    for (const [name, , fn, shape, args] of GEN) {
      const r = ref.gen[name];
      const g = new torch.Generator().manual_seed(21);
      torch.manual_seed(0);
      let got: any;
      try {
        got = [call(fn, empty(shape), args, { generator: g }), call(fn, empty(shape), args, { generator: g }), torch.rand(2)];
      } catch (e: any) {
        got = [e.name, e.message];
      }
      if (typeof r[0] === "string") expect(got, name).toEqual(r);
      else got.forEach((t: Tensor, i: number) => expectClose(t, r[i], 0, 0));
    }
  });
  it("the deprecated names warn as Python's and draw the same", () => {
    warnings.length = 0;
    torch.manual_seed(3);
    const vals = [init.uniform(torch.empty(2, 2)), init.normal(torch.empty(2)), init.constant(torch.empty(2), 0.5), init.eye(torch.empty(2, 2)),
      init.dirac(torch.empty(2, 2, 3)), init.xavier_uniform(torch.empty(2, 3)), init.xavier_normal(torch.empty(2, 3)),
      init.kaiming_uniform(torch.empty(2, 3)), init.kaiming_normal(torch.empty(2, 3)), init.orthogonal(torch.empty(2, 3)), init.sparse(torch.empty(3, 2), 0.5)];
    vals.forEach((t: Tensor, i: number) => expectClose(t, ref.dep.values[i], 0, 0));
    expect(ref.dep.warnings.length).toBe(DEPRECATED.length);
    for (const w of ref.dep.warnings) expect(warnings).toContainEqual(w);
  });
  it("parameters stay leaves, zero-element tensors warn, gains, fans and Python's errors", () => {
    const p = new nn.Parameter(torch.empty(3, 3));
    init.eye_(p); init.orthogonal_(p); init.dirac_(new nn.Parameter(torch.empty(2, 2, 3)));
    expect([p.requires_grad, p.grad_fn === null]).toEqual(ref.param_ok);
    warnings.length = 0;
    init.kaiming_uniform_(torch.empty(0, 3)); init.kaiming_normal_(torch.empty(3, 0));
    for (const m of ref.zero_warn) expect(warnings.map((w) => w[1])).toContain(m);
    const gains = ["linear", "conv1d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"].map((n) => init.calculate_gain(n));
    expect([...gains, init.calculate_gain("leaky_relu", 0.2), init.calculate_gain("leaky_relu", 3)]).toEqual(ref.gains);
    expect([[3, 4], [5, 2, 3, 3], [2, 7, 4]].map((s) => init._calculate_fan_in_and_fan_out(torch.empty(s)))).toEqual(ref.fans);
    const got = [err(() => init.eye_(torch.empty(3))), err(() => init.dirac_(torch.empty(3, 3))), err(() => init.dirac_(torch.empty(5, 2, 3), 2)),
      err(() => init.orthogonal_(torch.empty(3))), err(() => init.sparse_(torch.empty(3, 3, 3), 0.1)), err(() => init.calculate_gain("foo")),
      err(() => init.calculate_gain("leaky_relu", true)), err(() => init.calculate_gain("leaky_relu", "x")),
      err(() => init.kaiming_uniform_(torch.empty(3, 3), { mode: "fan_x" })), err(() => init.xavier_uniform_(torch.empty(3))),
      err(() => init.uniform_(torch.empty(3), 0, 1, null, 5)), err(() => init.trunc_normal_(torch.empty(3), { foo: 1 })),
      err(() => init.sparse_(torch.empty(3, 3)))];
    got.forEach((g, i) => expect(g, `error ${i}`).toEqual(ref.errs[i]));
  });
});

// Every lr_scheduler of the linked release against its Python: the lr (and momentum) of each group
// over 30 steps, state_dict keys and values, step(epoch)'s closed forms, ReduceLROnPlateau on a
// metric sequence, SWALR, the warnings Python gives, and the names the release has.
import { describe, it, expect, beforeAll } from "vitest";
import torch, { nn, optim } from "../../lib/index";
import { py, num } from "../helpers/python";
import { expectClose } from "../nn/helpers";

const S: any = optim.lr_scheduler;
// [key, optimizer ("sgd" with momentum, or "adam"), Python constructor, ours]
const CASES: [string, string, string, (o: optim.Optimizer) => any][] = [
  ["lambda", "sgd", "S.LambdaLR(o, [lambda e: 0.9 ** e, lambda e: 1 / (e + 1)])", (o) => new S.LambdaLR(o, [(e: number) => 0.9 ** e, (e: number) => 1 / (e + 1)])],
  ["mult", "sgd", "S.MultiplicativeLR(o, lambda e: 0.95)", (o) => new S.MultiplicativeLR(o, () => 0.95)],
  ["step", "sgd", "S.StepLR(o, 4, gamma=0.5)", (o) => new S.StepLR(o, 4, { gamma: 0.5 })],
  ["multistep", "sgd", "S.MultiStepLR(o, [3, 7, 7, 20], 0.3)", (o) => new S.MultiStepLR(o, [3, 7, 7, 20], 0.3)],
  ["constant", "sgd", "S.ConstantLR(o, factor=0.5, total_iters=6)", (o) => new S.ConstantLR(o, { factor: 0.5, total_iters: 6 })],
  ["linear", "sgd", "S.LinearLR(o, start_factor=0.2, end_factor=0.9, total_iters=10)", (o) => new S.LinearLR(o, { start_factor: 0.2, end_factor: 0.9, total_iters: 10 })],
  ["exp", "sgd", "S.ExponentialLR(o, 0.93)", (o) => new S.ExponentialLR(o, 0.93)],
  ["poly", "sgd", "S.PolynomialLR(o, total_iters=12, power=2.0)", (o) => new S.PolynomialLR(o, { total_iters: 12, power: 2.0 })],
  ["cos", "sgd", "S.CosineAnnealingLR(o, T_max=7, eta_min=0.001)", (o) => new S.CosineAnnealingLR(o, { T_max: 7, eta_min: 0.001 })],
  ["warm", "sgd", "S.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=2, eta_min=0.01)", (o) => new S.CosineAnnealingWarmRestarts(o, { T_0: 4, T_mult: 2, eta_min: 0.01 })],
  ["warm1", "sgd", "S.CosineAnnealingWarmRestarts(o, 5)", (o) => new S.CosineAnnealingWarmRestarts(o, 5)],
  ["cyclic", "sgd", "S.CyclicLR(o, 0.01, [0.1, 0.2], step_size_up=4, step_size_down=6)", (o) => new S.CyclicLR(o, 0.01, [0.1, 0.2], { step_size_up: 4, step_size_down: 6 })],
  ["cyclic2", "sgd", "S.CyclicLR(o, 0.01, 0.1, step_size_up=3, mode='triangular2')", (o) => new S.CyclicLR(o, 0.01, 0.1, { step_size_up: 3, mode: "triangular2" })],
  ["cyclic_exp", "sgd", "S.CyclicLR(o, 0.01, 0.1, step_size_up=3, mode='exp_range', gamma=0.9, cycle_momentum=False)", (o) => new S.CyclicLR(o, 0.01, 0.1, { step_size_up: 3, mode: "exp_range", gamma: 0.9, cycle_momentum: false })],
  ["cyclic_fn", "sgd", "S.CyclicLR(o, 0.01, 0.1, step_size_up=3, scale_fn=lambda x: 0.5 ** x, scale_mode='iterations')", (o) => new S.CyclicLR(o, 0.01, 0.1, { step_size_up: 3, scale_fn: (x: number) => 0.5 ** x, scale_mode: "iterations" })],
  ["cyclic_adam", "adam", "S.CyclicLR(o, 0.001, 0.01, step_size_up=5)", (o) => new S.CyclicLR(o, 0.001, 0.01, { step_size_up: 5 })],
  ["onecycle", "sgd", "S.OneCycleLR(o, [0.5, 1.0], total_steps=31)", (o) => new S.OneCycleLR(o, [0.5, 1.0], { total_steps: 31 })],
  ["onecycle3", "adam", "S.OneCycleLR(o, 0.1, epochs=4, steps_per_epoch=8, pct_start=0.25, anneal_strategy='linear', three_phase=True)", (o) => new S.OneCycleLR(o, 0.1, { epochs: 4, steps_per_epoch: 8, pct_start: 0.25, anneal_strategy: "linear", three_phase: true })],
  ["seq", "sgd", "S.SequentialLR(o, [S.LinearLR(o, 0.1, total_iters=5), S.ExponentialLR(o, 0.9), S.StepLR(o, 3)], milestones=[5, 15])",
    (o) => new S.SequentialLR(o, [new S.LinearLR(o, 0.1, { total_iters: 5 }), new S.ExponentialLR(o, 0.9), new S.StepLR(o, 3)], { milestones: [5, 15] })],
  ["chained", "sgd", "S.ChainedScheduler([S.ConstantLR(o, 0.5, 4), S.ExponentialLR(o, 0.9)])", (o) => new S.ChainedScheduler([new S.ConstantLR(o, 0.5, 4), new S.ExponentialLR(o, 0.9)])],
  ["swalr", "sgd", "optim.swa_utils.SWALR(o, swa_lr=0.05, anneal_epochs=5)", (o) => new optim.swa_utils.SWALR(o, { swa_lr: 0.05, anneal_epochs: 5 })],
  ["swalr_lin", "sgd", "optim.swa_utils.SWALR(o, [0.05, 0.01], anneal_epochs=3, anneal_strategy='linear')", (o) => new optim.swa_utils.SWALR(o, [0.05, 0.01], 3, "linear")],
];
const CLOSED: [string, string, (o: optim.Optimizer) => any][] = [
  ["constant", "S.ConstantLR(o, 0.5, 4)", (o) => new S.ConstantLR(o, 0.5, 4)],
  ["linear", "S.LinearLR(o, 0.2, 1.0, 8)", (o) => new S.LinearLR(o, 0.2, 1.0, 8)],
  ["poly", "S.PolynomialLR(o, 10, 1.5)", (o) => new S.PolynomialLR(o, 10, 1.5)],
  ["multistep", "S.MultiStepLR(o, [2, 5, 5])", (o) => new S.MultiStepLR(o, [2, 5, 5])],
  ["warm", "S.CosineAnnealingWarmRestarts(o, 3, 2)", (o) => new S.CosineAnnealingWarmRestarts(o, 3, 2)],
];
// JSON-able state_dict values (functions and scale functions dropped)
const PY = `
import torch.nn as nn, torch.optim as optim, warnings
S = optim.lr_scheduler
def make_opt(kind):
    ps = [nn.Parameter(torch.zeros(1)), nn.Parameter(torch.zeros(1))]
    groups = [{'params': [ps[0]]}, {'params': [ps[1]], 'lr': 0.2}]
    return optim.SGD(groups, lr=0.1, momentum=0.9) if kind == 'sgd' else optim.Adam(groups, lr=0.1)
def clean(sd):
    return {k: ([clean(x) for x in v] if k == '_schedulers' else v) for k, v in sd.items() if not callable(v) and k not in ('_scale_fn_ref', 'anneal_func')}
def run(kind, make, n=30):
    o = make_opt(kind)
    try: s = make(o)
    except ValueError as e: return {'error': str(e)}  # 1.13's CyclicLR cycles no beta1
    lrs, moms = [s.get_last_lr()], []
    for _ in range(n):
        o.step(); s.step(); lrs.append(s.get_last_lr())
        moms.append([g['betas'][0] if 'betas' in g else g['momentum'] for g in o.param_groups])
    return {'lrs': lrs, 'moms': moms, 'keys': list(s.state_dict().keys()), 'sd': clean(s.state_dict()), 'groups': [sorted(k for k in g if k != 'params') for g in o.param_groups]}
out = {}
` + CASES.map(([k, kind, make]) => `out['${k}'] = run('${kind}', lambda o: ${make})`).join("\n") + `
closed = {}
` + CLOSED.map(([k, make]) => `o = make_opt('sgd'); s = ${make}
closed['${k}'] = []
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    for e in [3, 7, 1, 12, 25]: s.step(e); closed['${k}'].append([g['lr'] for g in o.param_groups])`).join("\n") + `
out['closed'] = closed
# ReduceLROnPlateau: min/max, rel/abs, cooldown, min_lr
metrics = [1.0, 0.9, 0.95, 0.94, 0.96, 0.97, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.7, 0.7, 0.7, 0.7, 0.7]
plateau = {}
for key, args in [('min', dict(patience=2)), ('max_abs', dict(mode='max', threshold_mode='abs', threshold=0.01, patience=1, factor=0.5)),
                  ('cool', dict(patience=1, cooldown=2, min_lr=[0.05, 0.01], factor=0.3))]:
    o = make_opt('sgd'); s = S.ReduceLROnPlateau(o, **args); lrs = []
    for m in metrics: o.step(); s.step(m); lrs.append([g['lr'] for g in o.param_groups])
    plateau[key] = {'lrs': lrs, 'keys': list(s.state_dict().keys()), 'best': s.best, 'bad': s.num_bad_epochs, 'cd': s.cooldown_counter}
out['plateau'] = plateau
out['names'] = sorted(n for n in dir(S) if isinstance(getattr(S, n), type) and not n.startswith('_') and getattr(S, n).__module__ == S.__name__)
out['has_LRScheduler'] = hasattr(S, 'LRScheduler')
out['plateau_is_sched'] = isinstance(S.ReduceLROnPlateau(make_opt('sgd')), S._LRScheduler)
# warnings
ws = {}
def caught(f):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always'); f()
    return [str(x.message) for x in w]
o = make_opt('sgd'); s = S.StepLR(o, 2)
ws['before'] = caught(lambda: s.step())
o = make_opt('sgd'); s = S.StepLR(o, 2); o.step()
ws['after'] = caught(lambda: s.step())
ws['get_lr'] = caught(lambda: s.get_lr())
ws['epoch'] = caught(lambda: s.step(3))
out['warns'] = ws
errs = {}
def err(name, f):
    try: f(); errs[name] = None
    except Exception as e: errs[name] = [type(e).__name__, str(e)]
err('const', lambda: S.ConstantLR(make_opt('sgd'), factor=2))
err('linear', lambda: S.LinearLR(make_opt('sgd'), start_factor=0))
err('onecycle', lambda: S.OneCycleLR(make_opt('sgd'), 0.1))
err('cyclic_mode', lambda: S.CyclicLR(make_opt('sgd'), 0.01, 0.1, mode='bad'))
err('warm', lambda: S.CosineAnnealingWarmRestarts(make_opt('sgd'), 0))
err('plateau', lambda: S.ReduceLROnPlateau(make_opt('sgd'), factor=1.0))
err('plateau_mode', lambda: S.ReduceLROnPlateau(make_opt('sgd'), mode='mid'))
err('seq', lambda: S.SequentialLR(make_opt('sgd'), [S.StepLR(make_opt('sgd'), 2)], milestones=[]))
err('not_opt', lambda: S.StepLR(None, 2))
err('swalr', lambda: optim.swa_utils.SWALR(make_opt('sgd'), 0.1, anneal_strategy='exp'))
o = make_opt('sgd'); s = S.OneCycleLR(o, 0.1, total_steps=2); o.step(); s.step(); o.step(); s.step()
err('onecycle_over', lambda: s.step())
out['errs'] = errs
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

function makeOpt(kind: string): optim.Optimizer {
  const ps = [new nn.Parameter(torch.zeros(1)), new nn.Parameter(torch.zeros(1))];
  const groups = [{ params: [ps[0]] }, { params: [ps[1]], lr: 0.2 }];
  return kind === "sgd" ? new optim.SGD(groups, { lr: 0.1, momentum: 0.9 }) : new optim.Adam(groups, { lr: 0.1 });
}
const close = (a: any, b: any) => expectClose(a, num(b), 1e-12, 1e-9);

describe("each scheduler's lr (and momentum) over 30 steps equals Python's", () => {
  for (const [key, kind, pyMake, make] of CASES) {
    it(`${key}: ${pyMake}`, () => {
      const r = ref[key];
      const o = makeOpt(kind);
      if (r.error !== undefined) { expect(() => make(o)).toThrow(r.error); return; }
      const s = make(o);
      const lrs = [s.get_last_lr()], moms: number[][] = [];
      for (let i = 0; i < 30; i++) {
        o.step(); s.step();
        lrs.push([...s.get_last_lr()]);
        moms.push(o.param_groups.map((g) => ("betas" in g ? g.betas[0] : g.momentum)));
      }
      close(lrs, r.lrs);
      close(moms, r.moms);
      const sd = s.state_dict();
      expect(Object.keys(sd)).toEqual(r.keys);
      const clean = (d: Record<string, any>): Record<string, any> => Object.fromEntries(Object.entries(d)
        .filter(([k, v]) => typeof v !== "function" && k !== "_scale_fn_ref" && k !== "anneal_func")
        .map(([k, v]) => [k, k === "_schedulers" ? v.map(clean) : v instanceof Map ? Object.fromEntries(v) : v]));
      expect(JSON.parse(JSON.stringify(clean(sd)))).toEqual(JSON.parse(JSON.stringify(r.sd, (k, v) => v)));
      expect(o.param_groups.map((g) => Object.keys(g).filter((k) => k !== "params").sort())).toEqual(r.groups);
    });
  }
});

describe("step(epoch), ReduceLROnPlateau, names, warnings, errors", () => {
  it("step(epoch) uses each closed form as Python's does", () => {
    for (const [key, , make] of CLOSED) {
      const o = makeOpt("sgd");
      const s = make(o);
      const got: number[][] = [];
      for (const e of [3, 7, 1, 12, 25]) { s.step(e); got.push(o.param_groups.map((g) => g.lr)); }
      close(got, ref.closed[key]);
    }
  });
  it("ReduceLROnPlateau follows Python's on a metric sequence (min/max, rel/abs, cooldown, per-group min_lr)", () => {
    const metrics = [1.0, 0.9, 0.95, 0.94, 0.96, 0.97, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.7, 0.7, 0.7, 0.7, 0.7];
    const cases: [string, Record<string, any>][] = [["min", { patience: 2 }], ["max_abs", { mode: "max", threshold_mode: "abs", threshold: 0.01, patience: 1, factor: 0.5 }],
      ["cool", { patience: 1, cooldown: 2, min_lr: [0.05, 0.01], factor: 0.3 }]];
    for (const [key, opts] of cases) {
      const o = makeOpt("sgd");
      const s = new S.ReduceLROnPlateau(o, opts);
      const lrs: number[][] = [];
      for (const m of metrics) { o.step(); s.step(m); lrs.push(o.param_groups.map((g) => g.lr)); }
      const r = ref.plateau[key];
      close(lrs, r.lrs);
      expect(Object.keys(s.state_dict())).toEqual(r.keys);
      expect([s.best, s.num_bad_epochs, s.cooldown_counter]).toEqual([r.best, r.bad, r.cd]);
    }
  });
  it("the release's scheduler names, LRScheduler only where it exists, ReduceLROnPlateau's base", () => {
    const ours = Object.keys(S).filter((n) => !n.startsWith("_") && typeof S[n] === "function" && /^[A-Z]/.test(n) && S[n] !== undefined).sort();
    expect(ours).toEqual(ref.names);
    expect(S.LRScheduler !== undefined).toBe(ref.has_LRScheduler);
    expect(new S.ReduceLROnPlateau(makeOpt("sgd")) instanceof S._LRScheduler).toBe(ref.plateau_is_sched);
  });
  it("warns as Python's: step() before optimizer.step(), get_lr() outside step(), step(epoch)", () => {
    const seen: string[] = [];
    const on = (w: Error) => seen.push(w.message);
    process.on("warning", on);
    const caught = async (f: () => void) => { seen.length = 0; f(); await new Promise((r) => setImmediate(r)); return [...seen]; };
    return (async () => {
      try {
        const w = ref.warns;
        let o = makeOpt("sgd");
        let s = new S.StepLR(o, 2);
        // each message is shown once per process, as under Python's default filter (this file
        // has not shown these two yet; step(epoch)'s was shown by the closed-form test)
        const only = (ms: string[], re: RegExp) => ms.filter((m) => re.test(m));
        const BEFORE = /^Detected call of `lr_scheduler.step\(\)` before/, GET_LR = /^To get the last learning rate/;
        expect(only(await caught(() => s.step()), BEFORE)).toEqual(only(w.before, BEFORE));
        expect(only(w.before, BEFORE).length).toBe(1);
        o = makeOpt("sgd"); s = new S.StepLR(o, 2); o.step();
        expect(only(await caught(() => s.step()), BEFORE)).toEqual(only(w.after, BEFORE));
        expect(only(await caught(() => s.get_lr()), GET_LR)).toEqual(only(w.get_lr, GET_LR));
        expect(only(w.get_lr, GET_LR).length).toBe(1);
        expect(w.epoch.length).toBe(1);
      } finally { process.off("warning", on); }
    })();
  });
  it("bad arguments give Python's errors", () => {
    const msg = (f: () => unknown) => { try { f(); return null; } catch (e: any) { return [e.name, e.message]; } };
    const e = ref.errs;
    expect(msg(() => new S.ConstantLR(makeOpt("sgd"), { factor: 2 }))).toEqual(e.const);
    expect(msg(() => new S.LinearLR(makeOpt("sgd"), { start_factor: 0 }))).toEqual(e.linear);
    expect(msg(() => new S.OneCycleLR(makeOpt("sgd"), 0.1))).toEqual(e.onecycle);
    expect(msg(() => new S.CyclicLR(makeOpt("sgd"), 0.01, 0.1, { mode: "bad" }))).toEqual(e.cyclic_mode);
    expect(msg(() => new S.CosineAnnealingWarmRestarts(makeOpt("sgd"), 0))).toEqual(e.warm);
    expect(msg(() => new S.ReduceLROnPlateau(makeOpt("sgd"), { factor: 1.0 }))?.[1]).toEqual(e.plateau[1]);
    expect(msg(() => new S.ReduceLROnPlateau(makeOpt("sgd"), { mode: "mid" }))).toEqual(e.plateau_mode);
    expect(msg(() => new S.SequentialLR(makeOpt("sgd"), [new S.StepLR(makeOpt("sgd"), 2)], { milestones: [] }))).toEqual(e.seq);
    expect(msg(() => new S.StepLR(null, 2))).toEqual(e.not_opt);
    expect(msg(() => new optim.swa_utils.SWALR(makeOpt("sgd"), 0.1, 10, "exp" as any))).toEqual(e.swalr);
    const o = makeOpt("sgd");
    const s = new S.OneCycleLR(o, 0.1, { total_steps: 2 });
    o.step(); s.step(); o.step(); s.step();
    expect(msg(() => s.step())).toEqual(e.onecycle_over);
  });
});

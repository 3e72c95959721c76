// Optimizers against the Python of the linked release: five steps of SGD (momentum, dampening,
// nesterov, weight decay, maximize), Adam (amsgrad, weight decay, decoupled weight decay where the
// release has it), AdamW, RMSprop; state_dict layout; load_state_dict; StepLR; zero_grad; reprs;
// a user's own optimizer.
import { describe, it, expect, beforeAll } from "vitest";
import { inspect } from "node:util";
import torch, { nn, optim, Tensor } from "../../lib/index";
import { py } from "../helpers/python";
import { expectClose } from "../nn/helpers";

const CONFIGS: [string, string, string, Record<string, any>][] = [
  ["sgd", "SGD", "lr=0.1", { lr: 0.1 }],
  ["sgd_m", "SGD", "lr=0.05, momentum=0.9", { lr: 0.05, momentum: 0.9 }],
  ["sgd_damp", "SGD", "lr=0.05, momentum=0.5, dampening=0.3", { lr: 0.05, momentum: 0.5, dampening: 0.3 }],
  ["sgd_nest", "SGD", "lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01", { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.01 }],
  ["sgd_wd", "SGD", "lr=0.1, weight_decay=0.1", { lr: 0.1, weight_decay: 0.1 }],
  ["sgd_max", "SGD", "lr=0.1, momentum=0.3, maximize=True", { lr: 0.1, momentum: 0.3, maximize: true }],
  ["adam", "Adam", "lr=0.01", { lr: 0.01 }],
  ["adam_ams", "Adam", "lr=0.01, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.05, amsgrad=True", { lr: 0.01, betas: [0.8, 0.9], eps: 1e-6, weight_decay: 0.05, amsgrad: true }],
  ["adamw", "AdamW", "lr=0.01", { lr: 0.01 }],
  ["adamw_ams", "AdamW", "lr=0.02, weight_decay=0.1, amsgrad=True", { lr: 0.02, weight_decay: 0.1, amsgrad: true }],
  ["rmsprop", "RMSprop", "lr=0.01", { lr: 0.01 }],
  ["rmsprop_all", "RMSprop", "lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01", { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weight_decay: 0.01 }],
];

// A small MLP, five steps on seeded data: the loss changes each step, so the state evolves.
const PY = `
import torch.nn as nn, torch.optim as optim
def train_mo(make_opt, seed=0):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    opt = make_opt(model.parameters())
    x = torch.randn(16, 4); y = torch.randint(0, 3, (16,))
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return model, opt, losses
def train(make_opt, seed=0):
    model, opt, losses = train_mo(make_opt, seed)
    sd = opt.state_dict()
    state = {str(k): {n: v for n, v in s.items()} for k, s in sd['state'].items()}
    return {'params': [p for p in model.parameters()], 'losses': losses, 'groups': sd['param_groups'], 'state': state,
            'state_keys': [[k, list(s.keys())] for k, s in sd['state'].items()]}
out = {}
` + CONFIGS.map(([k, cls, args]) => `out['${k}'] = train(lambda p: optim.${cls}(p, ${args}))`).join("\n") + `
# Adam's decoupled_weight_decay (2.7 and later; before, an unexpected keyword)
try: out['adam_dwd'] = train(lambda p: optim.Adam(p, lr=0.01, weight_decay=0.1, decoupled_weight_decay=True))
except TypeError as e: out['adam_dwd'] = {'error': str(e)}
out['adamw_is_adam'] = isinstance(optim.AdamW([nn.Parameter(torch.ones(1))]), optim.Adam)
# load_state_dict into a second optimizer, then one more step of each
m, o, _ = train_mo(lambda p: optim.Adam(p, lr=0.01, amsgrad=True))
sd = o.state_dict()
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
model.load_state_dict(m.state_dict())
opt2 = optim.Adam(model.parameters(), lr=0.5)
opt2.load_state_dict(sd)
s0 = opt2.state[model[0].weight]
load = {'lr': opt2.param_groups[0]['lr'], 'shared': s0['exp_avg'] is sd['state'][0]['exp_avg'],
        'step_shared': s0['step'] is sd['state'][0]['step'], 'exp_avg': s0['exp_avg'].clone()}
torch.manual_seed(5)
x = torch.randn(8, 4); y = torch.randint(0, 3, (8,))
for mm, oo in [(m, o), (model, opt2)]:
    oo.zero_grad(); nn.functional.cross_entropy(mm(x), y).backward(); oo.step()
load.update(w_a=m[0].weight, w_b=model[0].weight, same=torch.equal(m[0].weight, model[0].weight),
            step_a=o.state[m[0].weight]['step'], step_b=s0['step'])
out['load'] = load
# zero_grad's default
p = nn.Parameter(torch.ones(2)); o = optim.SGD([p], 0.1); p.sum().backward(); o.zero_grad()
out['zero_grad_default'] = p.grad
# StepLR
torch.manual_seed(0)
opt = optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
sched = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
lrs = []
for _ in range(7):
    opt.step(); sched.step(); lrs.append(sched.get_last_lr()[0])
out['steplr'] = {'lrs': lrs, 'group': opt.param_groups[0]['initial_lr'], 'last_epoch': sched.last_epoch}
# momentum=0 state, two param groups
w1 = nn.Parameter(torch.ones(2)); w2 = nn.Parameter(torch.ones(3))
opt = optim.SGD([{'params': [w1]}, {'params': [w2], 'lr': 0.5}], lr=0.1)
(w1.sum() + (w2 * 2).sum()).backward(); opt.step()
sd = opt.state_dict()
out['groups2'] = {'groups': sd['param_groups'], 'state': {str(k): v for k, v in sd['state'].items()}, 'w2': w2}
errs = {}
def err(name, f):
    try: f(); errs[name] = None
    except Exception as e: errs[name] = str(e)
p = [nn.Parameter(torch.ones(1))]
err('lr', lambda: optim.SGD(p, lr=-1))
err('nesterov', lambda: optim.SGD(p, lr=0.1, nesterov=True))
err('empty', lambda: optim.Adam([]))
err('beta', lambda: optim.Adam(p, betas=(1.0, 0.9)))
err('nonleaf', lambda: optim.SGD([torch.ones(1, requires_grad=True) * 2], lr=0.1))
err('dup', lambda: optim.SGD([{'params': p}, {'params': p}], lr=0.1))
err('groups', lambda: optim.SGD(p, lr=0.1).load_state_dict({'state': {}, 'param_groups': []}))
err('nolr', lambda: optim.SGD(p))
out['sgd_default_lr'] = optim.SGD(p).param_groups[0]['lr'] if errs['nolr'] is None else None
out['errs'] = errs
def sched_lrs(make, n=12, groups=1):
    ps = [nn.Parameter(torch.zeros(1)) for _ in range(groups)]
    opt = optim.SGD([{'params': [p], 'lr': 0.1 * (i + 1)} for i, p in enumerate(ps)], lr=0.1)
    s = make(opt); lrs = []
    for _ in range(n): opt.step(); s.step(); lrs.append(s.get_last_lr())
    return lrs
S = optim.lr_scheduler
out['scheds'] = {
  'multistep': sched_lrs(lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.5)),
  'exp': sched_lrs(lambda o: S.ExponentialLR(o, 0.9), groups=2),
  'lambda': sched_lrs(lambda o: S.LambdaLR(o, lambda e: 1 / (e + 1))),
  'lambdas': sched_lrs(lambda o: S.LambdaLR(o, [lambda e: 0.5 ** e, lambda e: e + 1]), groups=2),
  'cos': sched_lrs(lambda o: S.CosineAnnealingLR(o, T_max=4, eta_min=0.01), n=14, groups=2),
}
o = optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0); s = S.StepLR(o, 3, gamma=0.5)
s.step(7); out['closed'] = [o.param_groups[0]['lr']]
o = optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0); s = S.CosineAnnealingLR(o, 10)
s.step(3); out['closed'].append(o.param_groups[0]['lr'])
# scheduler state_dicts, the verbose argument (gone in 2.7), ExponentialLR resumed at last_epoch=0
o = optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1); s = S.StepLR(o, 2)
o.step(); s.step(); out['steplr_sd'] = s.state_dict()
o = optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1); s = S.LambdaLR(o, lambda e: 0.5 ** e)
o.step(); s.step(); out['lambda_sd'] = s.state_dict()
try: S.StepLR(optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1), 2, verbose=False); out['verbose'] = None
except TypeError as e: out['verbose'] = str(e)
o = optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1); o.param_groups[0]['initial_lr'] = 0.1
s = S.ExponentialLR(o, 0.5, last_epoch=0); out['exp_resume'] = [o.param_groups[0]['lr'], s.last_epoch]
o = optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1); o.param_groups[0]['initial_lr'] = 0.1
s = S.CosineAnnealingLR(o, 4, last_epoch=0); out['cos_resume'] = [o.param_groups[0]['lr'], s.last_epoch]
rp = [nn.Parameter(torch.ones(1))]; rq = [nn.Parameter(torch.ones(1))]
out['reprs'] = [repr(optim.SGD([{'params': rp}, {'params': rq, 'lr': 0.5}], lr=0.01, momentum=0.9)), repr(optim.Adam(rp)), repr(optim.AdamW(rp, lr=0.1, amsgrad=True))]
import torch.nn as nn
class BasicOptim:
    def __init__(self, params, lr): self.params, self.lr = list(params), lr
    def step(self, *args, **kwargs):
        for p in self.params: p.data -= p.grad.data * self.lr
    def zero_grad(self, *args, **kwargs):
        for p in self.params: p.grad = None
torch.manual_seed(3)
net = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 3))
opt = BasicOptim(net.parameters(), 0.1)
x = torch.randn(10, 6); y = torch.randint(0, 3, (10,))
loss_func = nn.CrossEntropyLoss()
losses = []
for _ in range(4):
    loss = loss_func(net(x), y); loss.backward(); opt.step(); opt.zero_grad(); losses.append(loss.item())
out['basic'] = {'losses': losses, 'w': net[0].weight, 'grad': net[0].weight.grad}
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

function train(make: (params: nn.Parameter[]) => optim.Optimizer, seed = 0) {
  torch.manual_seed(seed);
  const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
  const opt = make(model.parameters());
  const x = torch.randn(16, 4), y = torch.randint(0, 3, [16]);
  const losses: number[] = [];
  for (let i = 0; i < 5; i++) {
    opt.zero_grad();
    const loss = nn.functional.cross_entropy(model(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item() as number);
  }
  return { model, opt, losses };
}
const CLS: Record<string, any> = { SGD: optim.SGD, Adam: optim.Adam, AdamW: optim.AdamW, RMSprop: optim.RMSprop };

describe("five steps equal Python's within 1e-6", () => {
  for (const [key, cls, , opts] of CONFIGS) {
    it(`${cls}(${JSON.stringify(opts)})`, () => {
      const { model, opt, losses } = train((p) => new CLS[cls](p, opts));
      const r = ref[key];
      expectClose(losses, r.losses, 1e-6);
      model.parameters().forEach((p, i) => expectClose(p, r.params[i], 1e-6));
      const sd = opt.state_dict();
      // param_groups: same keys in the same order, same values
      expect(sd.param_groups.map((g) => Object.keys(g))).toEqual(r.groups.map((g: any) => Object.keys(g)));
      expect(sd.param_groups).toEqual(r.groups);
      // state: a Map with integer keys, each with Python's entries in Python's order
      expect(sd.state).toBeInstanceOf(Map);
      expect([...sd.state].map(([k, s]) => [k, Object.keys(s)])).toEqual(r.state_keys);
      for (const [k, s] of sd.state) {
        for (const [name, v] of Object.entries(s)) {
          const e = r.state[String(k)][name];
          if (name === "step" && typeof v === "number") expect(v).toBe(e);
          else if (name === "step") {
            expect(v.dtype).toBe(torch.float32);
            expect(v.dim()).toBe(0);
            expect(v.item()).toBe(e.tensor);
          } else expectClose(v as Tensor, e, 1e-6);
        }
      }
    });
  }
});

describe("Adam's decoupled_weight_decay", () => {
  it("trains as Python's Adam(decoupled_weight_decay=True), or is an unexpected keyword where Python's has none", () => {
    const r = ref.adam_dwd;
    const make = (p: nn.Parameter[]) => new optim.Adam(p, { lr: 0.01, weight_decay: 0.1, decoupled_weight_decay: true });
    if (r.error !== undefined) {
      expect(r.error).toMatch(/unexpected keyword argument 'decoupled_weight_decay'/);
      expect(() => train(make)).toThrow(/unexpected keyword argument 'decoupled_weight_decay'/);
      return;
    }
    const { model, opt, losses } = train(make);
    expectClose(losses, r.losses, 1e-6);
    model.parameters().forEach((p, i) => expectClose(p, r.params[i], 1e-6));
    expect(opt.state_dict().param_groups).toEqual(r.groups);
    // the same numbers as AdamW's
    const w = train((p) => new optim.AdamW(p, { lr: 0.01, weight_decay: 0.1 }));
    expect(w.losses).toEqual(losses);
  });
});

describe("Optimizer API", () => {
  it("param groups with their own lr; momentum=0 keeps momentum_buffer None", () => {
    const w1 = new nn.Parameter(torch.ones(2)), w2 = new nn.Parameter(torch.ones(3));
    const opt = new optim.SGD([{ params: [w1] }, { params: [w2], lr: 0.5 }], { lr: 0.1 });
    w1.sum().add(w2.mul(2).sum()).backward();
    opt.step();
    const sd = opt.state_dict();
    expect(sd.param_groups).toEqual(ref.groups2.groups);
    expect(Object.fromEntries([...sd.state].map(([k, v]) => [String(k), v]))).toEqual(ref.groups2.state);
    expectClose(w2, ref.groups2.w2);
  });
  it("load_state_dict restores the state (copied in 1.13, shared from 2.1) as Python's does", () => {
    const r = ref.load;
    const a = train((p) => new optim.Adam(p, { lr: 0.01, amsgrad: true }));
    const sd = a.opt.state_dict();
    const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
    model.load_state_dict(a.model.state_dict());
    const opt2 = new optim.Adam(model.parameters(), { lr: 0.5 });
    opt2.load_state_dict(sd);
    expect(opt2.param_groups[0].lr).toBe(r.lr);
    expect(opt2.param_groups[0].params[0]).toBe(model.parameters()[0]);
    const s0 = opt2.state.get(model.parameters()[0])!;
    expect(s0.exp_avg === sd.state.get(0)!.exp_avg).toBe(r.shared);
    expect(s0.step === sd.state.get(0)!.step).toBe(r.step_shared);
    expectClose(s0.exp_avg, r.exp_avg, 1e-6);
    // one more step of each: identical where the state was copied, not where it is shared
    torch.manual_seed(5);
    const x = torch.randn(8, 4), y = torch.randint(0, 3, [8]);
    for (const [m, o] of [[a.model, a.opt], [model, opt2]] as const) {
      o.zero_grad();
      nn.functional.cross_entropy(m(x), y).backward();
      o.step();
    }
    const wa = a.model.parameters()[0], wb = model.parameters()[0];
    expectClose(wa, r.w_a, 1e-6);
    expectClose(wb, r.w_b, 1e-6);
    expect(torch.equal(wa, wb)).toBe(r.same);
    expect(a.opt.state.get(wa)!.step.item()).toBe(r.step_a.tensor);
    expect(s0.step.item()).toBe(r.step_b.tensor);
    // a plain-object state (as a checkpoint reader may give) works too
    const opt3 = new optim.Adam(model.parameters());
    opt3.load_state_dict({ state: Object.fromEntries([...sd.state].map(([k, v]) => [String(k), v])), param_groups: sd.param_groups });
    expect(opt3.state.size).toBe(4);
  });
  it("zero_grad: Python's default (zeroes in 1.13, set_to_none from 2.0); set_to_none removes", () => {
    const p = new nn.Parameter(torch.ones(2));
    const opt = new optim.SGD([p], 0.1);
    p.sum().backward();
    opt.zero_grad();
    if (ref.zero_grad_default === null) expect(p.grad).toBe(null);
    else expect(p.grad!.tolist()).toEqual(ref.zero_grad_default.tensor);
    p.sum().backward();
    opt.zero_grad({ set_to_none: false });
    expect(p.grad!.tolist()).toEqual([0, 0]);
    opt.zero_grad({ set_to_none: true });
    expect(p.grad).toBe(null);
    p.sum().backward();
    opt.zero_grad({});
    expect(p.grad === null).toBe(ref.zero_grad_default === null);
    opt.zero_grad(true);
    opt.step();
    expect(p.tolist()).toEqual([1, 1]);
  });
  it("step(closure) returns the closure's loss", () => {
    const p = new nn.Parameter(torch.tensor([2.5, -1.5]));
    const opt = new optim.SGD([p], { lr: 0.5 });
    const loss = opt.step(() => { opt.zero_grad(); const l = p.pow(2).sum(); l.backward(); return l; });
    expect(loss.item()).toBe(8.5);
    expect(p.tolist()).toEqual([0, 0]);
  });
  it("lr_scheduler.StepLR follows Python's schedule", () => {
    const opt = new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 0.1 });
    const sched = new optim.lr_scheduler.StepLR(opt, { step_size: 2, gamma: 0.5 });
    const lrs: number[] = [];
    for (let i = 0; i < 7; i++) { opt.step(); sched.step(); lrs.push(sched.get_last_lr()[0]); }
    expect(lrs).toEqual(ref.steplr.lrs);
    expect(opt.param_groups[0].initial_lr).toBe(ref.steplr.group);
    expect(sched.last_epoch).toBe(ref.steplr.last_epoch);
    expect(sched.step_size).toBe(2);
    expect(sched.state_dict().base_lrs).toEqual([0.1]);
    const s2 = new optim.lr_scheduler.StepLR(new optim.SGD([new nn.Parameter(torch.zeros(1))], 0.1), 3);
    expect(s2.gamma).toBe(0.1);
  });
  it("console.log(optimizer) prints Python's repr", () => {
    const rp = [new nn.Parameter(torch.ones(1))], rq = [new nn.Parameter(torch.ones(1))];
    const got = [new optim.SGD([{ params: rp }, { params: rq, lr: 0.5 }], { lr: 0.01, momentum: 0.9 }), new optim.Adam(rp), new optim.AdamW(rp, { lr: 0.1, amsgrad: true })];
    expect(got.map((o) => inspect(o))).toEqual(ref.reprs);
  });
  it("MultiStepLR, ExponentialLR, LambdaLR, CosineAnnealingLR, and step(epoch) follow Python's schedules", () => {
    const S = optim.lr_scheduler;
    const sched_lrs = (make: (o: optim.Optimizer) => InstanceType<typeof S._LRScheduler>, n = 12, groups = 1) => {
      const ps = Array.from({ length: groups }, () => new nn.Parameter(torch.zeros(1)));
      const opt = new optim.SGD(ps.map((p, i) => ({ params: [p], lr: 0.1 * (i + 1) })), { lr: 0.1 });
      const s = make(opt);
      const lrs: number[][] = [];
      for (let i = 0; i < n; i++) { opt.step(); s.step(); lrs.push([...s.get_last_lr()]); }
      return lrs;
    };
    const close = (a: number[][], b: number[][]) => expectClose(a, b, 1e-12, 1e-12);
    close(sched_lrs((o) => new S.MultiStepLR(o, { milestones: [2, 5, 5, 9], gamma: 0.5 })), ref.scheds.multistep);
    close(sched_lrs((o) => new S.ExponentialLR(o, 0.9), 12, 2), ref.scheds.exp);
    close(sched_lrs((o) => new S.LambdaLR(o, (e) => 1 / (e + 1))), ref.scheds.lambda);
    close(sched_lrs((o) => new S.LambdaLR(o, [(e) => 0.5 ** e, (e) => e + 1]), 12, 2), ref.scheds.lambdas);
    close(sched_lrs((o) => new S.CosineAnnealingLR(o, { T_max: 4, eta_min: 0.01 }), 14, 2), ref.scheds.cos);
    let o = new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 1.0 });
    new S.StepLR(o, 3, { gamma: 0.5 }).step(7);
    const closed = [o.param_groups[0].lr];
    o = new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 1.0 });
    new S.CosineAnnealingLR(o, 10).step(3);
    closed.push(o.param_groups[0].lr);
    expectClose(closed, ref.closed, 1e-12, 1e-12);
  });
  it("schedulers' state_dict, `verbose`, and a resumed ExponentialLR / CosineAnnealingLR follow Python's", () => {
    const S = optim.lr_scheduler;
    let o = new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 0.1 });
    const s = new S.StepLR(o, 2);
    o.step(); s.step();
    const sd = s.state_dict();
    expect(Object.keys(sd)).toEqual(Object.keys(ref.steplr_sd));
    expect(sd).toEqual(ref.steplr_sd);
    o = new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 0.1 });
    const l = new S.LambdaLR(o, (e) => 0.5 ** e);
    o.step(); l.step();
    expect(Object.keys(l.state_dict())).toEqual(Object.keys(ref.lambda_sd));
    expect(l.state_dict()).toEqual(ref.lambda_sd);
    const verbose = () => new S.StepLR(new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 0.1 }), { step_size: 2, verbose: false });
    if (ref.verbose === null) expect(verbose).not.toThrow();
    else {
      expect(ref.verbose).toMatch(/unexpected keyword argument 'verbose'/);
      expect(verbose).toThrow(/unexpected keyword argument 'verbose'/);
    }
    for (const [key, make] of [["exp_resume", (op: optim.Optimizer) => new S.ExponentialLR(op, 0.5, 0)],
      ["cos_resume", (op: optim.Optimizer) => new S.CosineAnnealingLR(op, 4, 0, 0)]] as const) {
      o = new optim.SGD([new nn.Parameter(torch.zeros(1))], { lr: 0.1 });
      o.param_groups[0].initial_lr = 0.1;
      const r = make(o);
      expectClose([o.param_groups[0].lr, r.last_epoch], ref[key], 1e-12, 1e-12);
    }
  });
  it("bad arguments give Python's errors", () => {
    const p = [new nn.Parameter(torch.ones(1))];
    const msg = (f: () => unknown) => { try { f(); return null; } catch (e: any) { return e.message as string; } };
    expect(msg(() => new optim.SGD(p, { lr: -1 }))).toBe(ref.errs.lr);
    expect(msg(() => new optim.SGD(p, { lr: 0.1, nesterov: true }))).toBe(ref.errs.nesterov);
    expect(msg(() => new optim.Adam([]))).toBe(ref.errs.empty);
    expect(msg(() => new optim.Adam(p, { betas: [1.0, 0.9] }))).toBe(ref.errs.beta.replace("1.0", "1"));
    expect(msg(() => new optim.SGD([torch.ones([1], { requires_grad: true }).mul(2)], { lr: 0.1 }))).toBe(ref.errs.nonleaf);
    expect(msg(() => new optim.SGD([{ params: p }, { params: p }], { lr: 0.1 }))).toBe(ref.errs.dup);
    expect(msg(() => new optim.SGD(p, { lr: 0.1 }).load_state_dict({ state: new Map(), param_groups: [] }))).toBe(ref.errs.groups);
    expect(msg(() => new optim.SGD(p))).toBe(ref.errs.nolr);
    if (ref.errs.nolr === null) expect(new optim.SGD(p).param_groups[0].lr).toBe(ref.sgd_default_lr);
  });
  it("AdamW is an Adam where Python's is (2.7 and later)", () => {
    const p = [new nn.Parameter(torch.ones(1))];
    expect(new optim.AdamW(p) instanceof optim.Adam).toBe(ref.adamw_is_adam);
    expect(new optim.AdamW(p) instanceof optim.AdamW).toBe(true);
    expect(new optim.AdamW(p) instanceof optim.Optimizer).toBe(true);
    expect(new optim.Adam(p) instanceof optim.Adam).toBe(true);
    expect(new optim.Adam(p) instanceof optim.AdamW).toBe(false);
  });
});

describe("a user's own optimizer (tutorial 001's BasicOptim)", () => {
  class BasicOptim {
    params: nn.Parameter[];
    constructor(params: Iterable<nn.Parameter>, public lr: number) { this.params = [...params]; }
    step() { for (const p of this.params) p.data.sub_(p.grad!.data.mul(this.lr)); }
    zero_grad() { for (const p of this.params) p.grad = null; }
  }
  it("trains a Sequential exactly like Python's BasicOptim", () => {
    const r = ref.basic;
    torch.manual_seed(3);
    const net = new nn.Sequential(new nn.Linear(6, 5), new nn.ReLU(), new nn.Linear(5, 3));
    const opt = new BasicOptim(net.parameters() as nn.Parameter[], 0.1);
    const x = torch.randn(10, 6), y = torch.randint(0, 3, [10]);
    const loss_func = new nn.CrossEntropyLoss();
    const losses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const loss = loss_func(net(x), y);
      loss.backward(); opt.step(); opt.zero_grad();
      losses.push(loss.item());
    }
    expectClose(losses, r.losses, 1e-6);
    expectClose((net[0] as nn.Linear).weight, r.w, 1e-6);
    expect((net[0] as nn.Linear).weight.grad).toBe(r.grad);
  });
});

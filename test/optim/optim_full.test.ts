// Every optimizer of the linked release against its Python: five seeded steps of a small MLP with
// each main option (parameters within 1e-6 after every step), the state_dict's param_groups and
// state entries, LBFGS with and without strong_wolfe, SparseAdam's dense-gradient error, argument
// errors, reprs, and optimizer checkpoints exchanged with Python in both directions.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import torch, { nn, optim, Tensor } from "../../lib/index";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "../nn/helpers";

// [key, class, Python arguments, our options]; an option the release lacks is Python's TypeError on both sides.
const CONFIGS: [string, string, string, Record<string, any>][] = [
  ["adadelta", "Adadelta", "", {}],
  ["adadelta_all", "Adadelta", "lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.01, maximize=True", { lr: 0.5, rho: 0.8, eps: 1e-5, weight_decay: 0.01, maximize: true }],
  ["adagrad", "Adagrad", "lr=0.05", { lr: 0.05 }],
  ["adagrad_all", "Adagrad", "lr=0.05, lr_decay=0.01, weight_decay=0.02, initial_accumulator_value=0.1, eps=1e-8, maximize=True", { lr: 0.05, lr_decay: 0.01, weight_decay: 0.02, initial_accumulator_value: 0.1, eps: 1e-8, maximize: true }],
  ["adamax", "Adamax", "", {}],
  ["adamax_all", "Adamax", "lr=0.01, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.05, maximize=True", { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, weight_decay: 0.05, maximize: true }],
  ["asgd", "ASGD", "lr=0.05", { lr: 0.05 }],
  ["asgd_all", "ASGD", "lr=0.05, lambd=0.01, alpha=0.5, t0=2, weight_decay=0.01, maximize=True", { lr: 0.05, lambd: 0.01, alpha: 0.5, t0: 2, weight_decay: 0.01, maximize: true }],
  ["nadam", "NAdam", "lr=0.01", { lr: 0.01 }],
  ["nadam_wd", "NAdam", "lr=0.01, betas=(0.85, 0.99), weight_decay=0.05, momentum_decay=0.01", { lr: 0.01, betas: [0.85, 0.99], weight_decay: 0.05, momentum_decay: 0.01 }],
  ["nadam_dwd", "NAdam", "lr=0.01, weight_decay=0.05, decoupled_weight_decay=True, maximize=True", { lr: 0.01, weight_decay: 0.05, decoupled_weight_decay: true, maximize: true }],
  ["radam", "RAdam", "lr=0.01", { lr: 0.01 }],
  // beta2=0.9: rho_t passes 5 within five steps, so the rectified branch runs too
  ["radam_rect", "RAdam", "lr=0.01, betas=(0.8, 0.9), weight_decay=0.05", { lr: 0.01, betas: [0.8, 0.9], weight_decay: 0.05 }],
  ["radam_dwd", "RAdam", "lr=0.01, betas=(0.8, 0.9), weight_decay=0.05, decoupled_weight_decay=True, maximize=True", { lr: 0.01, betas: [0.8, 0.9], weight_decay: 0.05, decoupled_weight_decay: true, maximize: true }],
  ["rprop", "Rprop", "", {}],
  ["rprop_all", "Rprop", "lr=0.02, etas=(0.4, 1.5), step_sizes=(1e-4, 0.05), maximize=True", { lr: 0.02, etas: [0.4, 1.5], step_sizes: [1e-4, 0.05], maximize: true }],
  ["rmsprop_max", "RMSprop", "lr=0.01, momentum=0.3, maximize=True", { lr: 0.01, momentum: 0.3, maximize: true }],
  ["sgd_nest_max", "SGD", "lr=0.05, momentum=0.9, nesterov=True, maximize=True", { lr: 0.05, momentum: 0.9, nesterov: true, maximize: true }],
  ["adam_max", "Adam", "lr=0.01, amsgrad=True, maximize=True, foreach=False, capturable=False, differentiable=False", { lr: 0.01, amsgrad: true, maximize: true, foreach: false, capturable: false, differentiable: false }],
  ["adamw_max", "AdamW", "lr=0.01, weight_decay=0.1, maximize=True", { lr: 0.01, weight_decay: 0.1, maximize: true }],
];
const LBFGS_CONFIGS: [string, string, Record<string, any>][] = [
  ["lbfgs", "lr=1, max_iter=5", { lr: 1, max_iter: 5 }],
  ["lbfgs_hist", "lr=0.5, max_iter=4, history_size=2", { lr: 0.5, max_iter: 4, history_size: 2 }],
  ["lbfgs_wolfe", "lr=1, max_iter=6, line_search_fn='strong_wolfe'", { lr: 1, max_iter: 6, line_search_fn: "strong_wolfe" }],
  ["lbfgs_wolfe_hist", "lr=1, max_iter=8, history_size=3, line_search_fn='strong_wolfe', tolerance_change=1e-12", { lr: 1, max_iter: 8, history_size: 3, line_search_fn: "strong_wolfe", tolerance_change: 1e-12 }],
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-optim-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PY = PY_ERR + `
import torch.nn as nn, torch.optim as optim
D = ${JSON.stringify(dir)}
def setup(seed=0):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    x = torch.randn(16, 4); y = torch.randint(0, 3, (16,))
    return model, x, y
def train_mo(make_opt, steps=5):
    model, x, y = setup()
    opt = make_opt(model.parameters())
    params = []
    for _ in range(steps):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        params.append([p.detach().clone() for p in model.parameters()])
    return model, opt, params
def summary(opt):
    sd = opt.state_dict()
    return {'groups': sd['param_groups'], 'state_keys': [[k, list(s.keys())] for k, s in sd['state'].items()],
            'state': {str(k): s for k, s in sd['state'].items()}}
def train(make_opt):
    try: model, opt, params = train_mo(make_opt)
    except TypeError as e: return {'error': str(e)}
    return dict(params=params, **summary(opt))
out = {}
` + CONFIGS.map(([k, cls, args]) => `out['${k}'] = train(lambda p: optim.${cls}(p, ${args}))`).join("\n") + `
def lbfgs(args):
    model, x, y = setup()
    opt = optim.LBFGS(model.parameters(), **args)
    losses, params = [], []
    def closure():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        return loss
    for _ in range(3):
        losses.append(opt.step(closure).item())
        params.append([p.detach().clone() for p in model.parameters()])
    st = opt.state[opt._params[0]]
    return {'losses': losses, 'params': params, 'groups': opt.state_dict()['param_groups'], 'func_evals': st['func_evals'], 'n_iter': st['n_iter'],
            't': float(st['t']), 'keys': list(st.keys()), 'n_dirs': len(st['old_dirs'])}
` + LBFGS_CONFIGS.map(([k, args]) => `out['${k}'] = lbfgs(dict(${args}))`).join("\n") + `
p = [nn.Parameter(torch.ones(2))]
p[0].grad = torch.ones(2)
out['sparse_adam'] = {'groups': optim.SparseAdam(p).state_dict()['param_groups'], 'dense': err(lambda: optim.SparseAdam(p).step()),
                      'lr': err(lambda: optim.SparseAdam(p, lr=0.0)), 'eps': err(lambda: optim.SparseAdam(p, eps=0.0))}
out['errs'] = {
  'adadelta_rho': err(lambda: optim.Adadelta(p, rho=1.5)), 'adagrad_lr_decay': err(lambda: optim.Adagrad(p, lr_decay=-1)),
  'adagrad_init': err(lambda: optim.Adagrad(p, initial_accumulator_value=-1)), 'adamax_beta': err(lambda: optim.Adamax(p, betas=(0.5, 1.5))),
  'asgd_wd': err(lambda: optim.ASGD(p, weight_decay=-1)), 'nadam_md': err(lambda: optim.NAdam(p, momentum_decay=-1)),
  'radam_eps': err(lambda: optim.RAdam(p, eps=-1)), 'rprop_etas': err(lambda: optim.Rprop(p, etas=(1.5, 2))),
  'lbfgs_groups': err(lambda: optim.LBFGS([{'params': [p[0]]}, {'params': [nn.Parameter(torch.ones(1))]}])),
  'lbfgs_search': err(lambda: optim.LBFGS(p, line_search_fn='armijo').step(lambda: (p[0] ** 2).sum())),
  'load_empty': err(lambda: optim.SGD(p, lr=0.1).load_state_dict({})),
  'load_nostate': err(lambda: optim.SGD(p, lr=0.1).load_state_dict({'param_groups': optim.SGD(p, lr=0.1).state_dict()['param_groups']})),
  'nadam_pos': err(lambda: optim.NAdam(p, 0.01, (0.9, 0.99), 1e-8, 0, 0.004, True)),
}
q = [nn.Parameter(torch.ones(1))]
out['reprs'] = [repr(optim.Adadelta(q)), repr(optim.ASGD(q)), repr(optim.Rprop(q)), repr(optim.LBFGS(q)), repr(optim.NAdam(q))]
# checkpoints Python writes: NAdam, Rprop, ASGD, Adagrad and LBFGS after their training, then Python's next step
torch.manual_seed(7)
xn = torch.randn(16, 4); yn = torch.randint(0, 3, (16,))
nexts = {}
for name, make in [('nadam', lambda p: optim.NAdam(p, lr=0.01)), ('rprop', lambda p: optim.Rprop(p)), ('asgd', lambda p: optim.ASGD(p, lr=0.05, t0=2)),
                   ('adagrad', lambda p: optim.Adagrad(p, lr=0.05)), ('adadelta', lambda p: optim.Adadelta(p))]:
    model, opt, _ = train_mo(make)
    torch.save({'model': model.state_dict(), 'opt': opt.state_dict()}, D + '/py_' + name + '.pt')
    opt.zero_grad(); nn.functional.cross_entropy(model(xn), yn).backward(); opt.step()
    nexts[name] = [p.detach().clone() for p in model.parameters()]
out['py_next'] = nexts
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

function setup() {
  torch.manual_seed(0);
  const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
  const x = torch.randn(16, 4), y = torch.randint(0, 3, [16]);
  return { model, x, y };
}
function train(make: (p: nn.Parameter[]) => optim.Optimizer, steps = 5) {
  const { model, x, y } = setup();
  const opt = make(model.parameters() as nn.Parameter[]);
  const params: Tensor[][] = [];
  for (let i = 0; i < steps; i++) {
    opt.zero_grad();
    nn.functional.cross_entropy(model(x), y).backward();
    opt.step();
    params.push(model.parameters().map((p) => p.detach().clone()));
  }
  return { model, opt, params };
}
const O: Record<string, any> = optim;
const msg = (f: () => unknown) => { try { f(); return null; } catch (e: any) { return [e.name === "Error" ? "RuntimeError" : e.name, e.message]; } };

describe("each optimizer, each main option: five steps equal Python's within 1e-6", () => {
  for (const [key, cls, , opts] of CONFIGS) {
    it(`${cls}(${JSON.stringify(opts)})`, () => {
      const r = ref[key];
      if (r.error !== undefined) {
        // the linked release lacks an option: the same TypeError
        expect(() => train((p) => new O[cls](p, opts))).toThrow(r.error.replace(/^\w+\./, ""));
        return;
      }
      const { opt, params } = train((p) => new O[cls](p, opts));
      params.forEach((ps, step) => ps.forEach((p, i) => expectClose(p, r.params[step][i], 1e-6)));
      const sd = opt.state_dict();
      expect(sd.param_groups.map((g) => Object.keys(g))).toEqual(r.groups.map((g: any) => Object.keys(g)));
      expect(sd.param_groups).toEqual(r.groups);
      expect([...sd.state].map(([k, s]) => [k, Object.keys(s)])).toEqual(r.state_keys);
      for (const [k, s] of sd.state) {
        for (const [name, v] of Object.entries(s)) {
          const e = r.state[String(k)][name];
          if (typeof v === "number") expect(v).toBe(e);
          else {
            expect(v.dtype.name).toBe(e.dtype);
            expect([...v.shape]).toEqual(e.shape);
            expectClose(v as Tensor, e, 1e-6);
          }
        }
      }
    });
  }
});

describe("LBFGS", () => {
  for (const [key, , opts] of LBFGS_CONFIGS) {
    it(`LBFGS(${JSON.stringify(opts)}): three closure steps equal Python's`, () => {
      const r = ref[key];
      const { model, x, y } = setup();
      const opt = new optim.LBFGS(model.parameters(), opts);
      const closure = () => {
        opt.zero_grad();
        const loss = nn.functional.cross_entropy(model(x), y);
        loss.backward();
        return loss;
      };
      const losses: number[] = [];
      for (let step = 0; step < 3; step++) {
        losses.push(opt.step(closure).item());
        model.parameters().forEach((p, i) => expectClose(p, r.params[step][i], 1e-6));
      }
      expectClose(losses, r.losses, 1e-6);
      expect(opt.state_dict().param_groups).toEqual(r.groups);
      const st = opt.state.get(model.parameters()[0])!;
      expect([st.func_evals, st.n_iter, st.old_dirs.length]).toEqual([r.func_evals, r.n_iter, r.n_dirs]);
      expect(Object.keys(st)).toEqual(r.keys);
      expectClose([st.t instanceof Tensor ? st.t.item() : st.t], [r.t], 1e-6);
    });
  }
});

describe("errors, SparseAdam, reprs", () => {
  it("SparseAdam: Python's groups; a dense gradient raises Python's RuntimeError (torch-node has no sparse tensors)", () => {
    const p = [new nn.Parameter(torch.ones(2))];
    p[0].grad = torch.ones(2);
    expect(new optim.SparseAdam(p).state_dict().param_groups).toEqual(ref.sparse_adam.groups);
    expect(msg(() => new optim.SparseAdam(p).step())).toEqual(ref.sparse_adam.dense);
    expect(msg(() => new optim.SparseAdam(p, { lr: 0 }))?.[1]).toBe(ref.sparse_adam.lr[1].replace("0.0", "0"));
    expect(msg(() => new optim.SparseAdam(p, { eps: 0 }))?.[1]).toBe(ref.sparse_adam.eps[1].replace("0.0", "0"));
  });
  it("bad arguments and state dicts give Python's errors", () => {
    const p = [new nn.Parameter(torch.ones(2))];
    p[0].grad = torch.ones(2);
    const e = ref.errs;
    // a KeyError's message is str() of it, the quoted key
    const same = (got: any, want: any) => expect(got).toEqual(want === null ? null : [want[0], want[0] === "KeyError" ? `'${want[1]}'` : want[1]]);
    same(msg(() => new optim.Adadelta(p, { rho: 1.5 })), e.adadelta_rho);
    same(msg(() => new optim.Adagrad(p, { lr_decay: -1 })), e.adagrad_lr_decay);
    same(msg(() => new optim.Adagrad(p, { initial_accumulator_value: -1 })), e.adagrad_init);
    same(msg(() => new optim.Adamax(p, { betas: [0.5, 1.5] })), e.adamax_beta);
    same(msg(() => new optim.ASGD(p, { weight_decay: -1 })), e.asgd_wd);
    same(msg(() => new optim.NAdam(p, { momentum_decay: -1 })), e.nadam_md);
    same(msg(() => new optim.RAdam(p, { eps: -1 })), e.radam_eps);
    same(msg(() => new optim.Rprop(p, { etas: [1.5, 2] })), e.rprop_etas);
    same(msg(() => new optim.LBFGS([{ params: [p[0]] }, { params: [new nn.Parameter(torch.ones(1))] }])), e.lbfgs_groups);
    same(msg(() => new optim.LBFGS(p, { line_search_fn: "armijo" }).step(() => p[0].pow(2).sum())), e.lbfgs_search);
    same(msg(() => new optim.SGD(p, { lr: 0.1 }).load_state_dict({} as any)), e.load_empty);
    same(msg(() => new optim.SGD(p, { lr: 0.1 }).load_state_dict({ param_groups: new optim.SGD(p, { lr: 0.1 }).state_dict().param_groups } as any)), e.load_nostate);
    const pos = msg(() => new (optim.NAdam as any)(p, 0.01, [0.9, 0.99], 1e-8, 0, 0.004, true));
    if (e.nadam_pos === null) expect(pos).toBe(null);
    else expect(pos?.[0]).toBe(e.nadam_pos[0]);
  });
  it("reprs print as Python's", () => {
    const q = [new nn.Parameter(torch.ones(1))];
    expect([new optim.Adadelta(q), new optim.ASGD(q), new optim.Rprop(q), new optim.LBFGS(q), new optim.NAdam(q)].map((o) => inspect(o))).toEqual(ref.reprs);
  });
});

describe("optimizer checkpoints exchanged with Python", () => {
  const MAKE: Record<string, (p: nn.Parameter[]) => optim.Optimizer> = {
    nadam: (p) => new optim.NAdam(p, { lr: 0.01 }), rprop: (p) => new optim.Rprop(p), asgd: (p) => new optim.ASGD(p, { lr: 0.05, t0: 2 }),
    adagrad: (p) => new optim.Adagrad(p, { lr: 0.05 }), adadelta: (p) => new optim.Adadelta(p),
  };
  const nextBatch = () => { torch.manual_seed(7); return [torch.randn(16, 4), torch.randint(0, 3, [16])] as const; };
  it("Python's checkpoints load and take Python's next step; ours load in Python and take ours", () => {
    const mine: Record<string, number[][]> = {};
    for (const [name, make] of Object.entries(MAKE)) {
      // Python's checkpoint, our next step
      const ck = torch.load(path.join(dir, `py_${name}.pt`));
      const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
      model.load_state_dict(ck.model);
      const opt = make(model.parameters() as nn.Parameter[]);
      opt.load_state_dict(ck.opt);
      const [x, y] = nextBatch();
      opt.zero_grad(); nn.functional.cross_entropy(model(x), y).backward(); opt.step();
      model.parameters().forEach((p, i) => expectClose(p, ref.py_next[name][i], 1e-6));
      // our checkpoint for Python, and our next step
      const t = train(make);
      torch.save({ model: t.model.state_dict(), opt: t.opt.state_dict() }, path.join(dir, `node_${name}.pt`));
      const [x2, y2] = nextBatch();
      t.opt.zero_grad(); nn.functional.cross_entropy(t.model(x2), y2).backward(); t.opt.step();
      mine[name] = t.model.parameters().map((p) => p.tolist());
    }
    const r = py(`
import torch.nn as nn, torch.optim as optim
D = ${JSON.stringify(dir)}
MAKE = {'nadam': lambda p: optim.NAdam(p, lr=0.01), 'rprop': lambda p: optim.Rprop(p), 'asgd': lambda p: optim.ASGD(p, lr=0.05, t0=2),
        'adagrad': lambda p: optim.Adagrad(p, lr=0.05), 'adadelta': lambda p: optim.Adadelta(p)}
out = {}
for name, make in MAKE.items():
    ck = torch.load(D + '/node_' + name + '.pt', weights_only=False)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    model.load_state_dict(ck['model'])
    opt = make(model.parameters())
    opt.load_state_dict(ck['opt'])
    torch.manual_seed(7)
    x = torch.randn(16, 4); y = torch.randint(0, 3, (16,))
    opt.zero_grad(); nn.functional.cross_entropy(model(x), y).backward(); opt.step()
    out[name] = {'params': [p for p in model.parameters()], 'state_types': sorted({type(v).__name__ for s in opt.state_dict()['state'].values() for v in s.values()})}
`);
    for (const name of Object.keys(MAKE)) {
      r[name].params.forEach((p: any, i: number) => expectClose(mine[name][i], p, 1e-6));
      expect(r[name].state_types.length).toBeGreaterThan(0);
    }
  });
});

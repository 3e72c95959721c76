// What print() and repr() show for the objects a PyTorch program prints, against the linked Python:
// objects with Python's default repr (<torch._C.Generator object at 0x...>: Generator, datasets,
// samplers, DataLoader, lr schedulers), every optimizer's repr with its defaults and with options,
// PackedSequence, nn.Parameter, dtypes and sizes. Addresses are compared as 0xADDR.
import { describe, it, expect } from "vitest";
import { inspect } from "node:util";
import torch, { nn, optim } from "../../lib/index";
import { py, PY_ERR } from "../helpers/python";

const D = torch.utils.data;
const L = optim.lr_scheduler as Record<string, any>;
const addr = (s: string) => s.replace(/0x[0-9a-f]+/g, "0xADDR");
const PY_ADDR = `
import re
def r(o): return re.sub(r"0x[0-9a-f]+", "0xADDR", repr(o))
`;

// [name, Python constructor arguments, ours]: each on a fresh SGD(lr=0.1, momentum=0.9) `o`.
const SCHEDULERS: [string, string, (o: optim.Optimizer) => any[]][] = [
  ["LambdaLR", "o, lr_lambda=lambda e: 0.5", (o) => [o, { lr_lambda: () => 0.5 }]],
  ["MultiplicativeLR", "o, lr_lambda=lambda e: 0.5", (o) => [o, { lr_lambda: () => 0.5 }]],
  ["StepLR", "o, step_size=2", (o) => [o, { step_size: 2 }]],
  ["MultiStepLR", "o, milestones=[1, 3]", (o) => [o, { milestones: [1, 3] }]],
  ["ConstantLR", "o", (o) => [o]],
  ["LinearLR", "o", (o) => [o]],
  ["ExponentialLR", "o, gamma=0.9", (o) => [o, { gamma: 0.9 }]],
  ["SequentialLR", "o, schedulers=[lrs.ConstantLR(o), lrs.ExponentialLR(o, 0.9)], milestones=[2]",
    (o) => [o, { schedulers: [new L.ConstantLR(o), new L.ExponentialLR(o, 0.9)], milestones: [2] }]],
  ["PolynomialLR", "o", (o) => [o]],
  ["CosineAnnealingLR", "o, T_max=5", (o) => [o, { T_max: 5 }]],
  ["ChainedScheduler", "[lrs.ConstantLR(o), lrs.ExponentialLR(o, 0.9)]", (o) => [[new L.ConstantLR(o), new L.ExponentialLR(o, 0.9)]]],
  ["ReduceLROnPlateau", "o", (o) => [o]],
  ["CyclicLR", "o, base_lr=0.01, max_lr=0.1", (o) => [o, { base_lr: 0.01, max_lr: 0.1 }]],
  ["CosineAnnealingWarmRestarts", "o, T_0=3", (o) => [o, { T_0: 3 }]],
  ["OneCycleLR", "o, max_lr=0.1, total_steps=10", (o) => [o, { max_lr: 0.1, total_steps: 10 }]],
];

describe("objects with Python's default repr", () => {
  const ref = py(PY_ADDR + `
import warnings
warnings.simplefilter("ignore")
from torch.utils.data import (Dataset, IterableDataset, TensorDataset, ConcatDataset, Subset, DataLoader, SequentialSampler,
    RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler, DistributedSampler, random_split)
import torch.optim.lr_scheduler as lrs
g = torch.Generator()
gens = [r(g), str(g) == repr(g), r(torch.default_generator), r(torch.manual_seed(0)), torch.manual_seed(0) is torch.default_generator]
ds = TensorDataset(torch.arange(4.), torch.arange(4))
class MyDataset(Dataset):
    def __getitem__(self, i): return i
    def __len__(self): return 3
class MyStream(IterableDataset):
    def __iter__(self): return iter([1])
dl = DataLoader(ds, batch_size=2, shuffle=True)
data = [r(ds), r(Subset(ds, [0, 1])), r(ConcatDataset([ds, ds])), r(random_split(ds, [2, 2])[0]), r(MyDataset()), r(MyStream()),
        r(dl), r(iter(dl)), r(dl.sampler), r(dl.batch_sampler), r(DataLoader(MyStream()).sampler),
        r(SequentialSampler(ds)), r(RandomSampler(ds)), r(SubsetRandomSampler([0])), r(WeightedRandomSampler([0.5, 0.5], 2)),
        r(BatchSampler(SequentialSampler(ds), 2, False)), r(DistributedSampler(ds, num_replicas=2, rank=0))]
scheds = []
for name, args in ${JSON.stringify(SCHEDULERS.map(([n, a]) => [n, a]))}:
    o = torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=0.1, momentum=0.9)
    scheds.append(r(eval(f"lrs.{name}({args})")))
o = torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=0.1)
class MyLR(lrs.StepLR): pass
scheds += [r(torch.optim.swa_utils.SWALR(o, swa_lr=0.05)), r(MyLR(o, 1))]
${PY_ERR}
# Error messages name these classes as torch.typename or type().__name__ does.
errs = [err(lambda: torch.optim.SGD([g], lr=0.1)), err(lambda: torch.optim.SGD([ds], lr=0.1)),
        err(lambda: lrs.StepLR(torch.nn.Linear(1, 1), 1)), err(lambda: lrs.StepLR(ds, 1))]
out = {"gens": gens, "data": data, "scheds": scheds, "errs": errs}`);

  it("torch.Generator and torch.default_generator (what torch.manual_seed returns)", () => {
    const g = new torch.Generator();
    expect([addr(inspect(g)), String(g) === inspect(g), addr(inspect(torch.default_generator)), addr(String(torch.manual_seed(0))),
      torch.manual_seed(0) === torch.default_generator]).toEqual(ref.gens);
    // One address per object, kept: distinct objects differ.
    expect(String(g)).toBe(inspect(g));
    expect(String(g)).not.toBe(String(new torch.Generator()));
    expect(torch.default_generator).toBeInstanceOf(torch.Generator);
  });

  it("torch.default_generator draws as the default generator", () => {
    torch.manual_seed(3);
    const a = torch.rand(3), b = torch.randperm(5);
    torch.default_generator.manual_seed(3);
    expect(torch.rand(3, { generator: torch.default_generator }).tolist()).toEqual(a.tolist());
    expect(torch.randperm(5, { generator: torch.default_generator }).tolist()).toEqual(b.tolist());
    expect(String(torch.default_generator.device)).toBe("cpu");
  });

  it("datasets, samplers, DataLoader and its iterator; a program's own classes are __main__'s", () => {
    class MyDataset extends D.Dataset<number> {
      at(i: number) { return i; }
      get length() { return 3; }
    }
    class MyStream extends D.IterableDataset<number> {
      *[Symbol.iterator]() { yield 1; }
    }
    const ds = new D.TensorDataset(torch.arange(4, { dtype: torch.float32 }), torch.arange(4));
    const dl = new D.DataLoader(ds, { batch_size: 2, shuffle: true });
    const got = [ds, new D.Subset(ds, [0, 1]), new D.ConcatDataset([ds, ds]), D.random_split(ds, [2, 2])[0], new MyDataset(), new MyStream(),
      dl, dl[Symbol.iterator](), dl.sampler, dl.batch_sampler, new D.DataLoader(new MyStream()).sampler,
      new D.SequentialSampler(ds), new D.RandomSampler(ds), new D.SubsetRandomSampler([0]), new D.WeightedRandomSampler([0.5, 0.5], 2),
      new D.BatchSampler(new D.SequentialSampler(ds), 2, false), new D.DistributedSampler(ds, { num_replicas: 2, rank: 0 })];
    expect(got.map((o) => addr(inspect(o)))).toEqual(ref.data);
    expect(got.map((o) => addr(String(o)))).toEqual(ref.data);
  });

  it("every lr scheduler, SWALR, and a program's own scheduler", () => {
    const got = SCHEDULERS.map(([name, , args]) => {
      const o = new optim.SGD([new nn.Parameter(torch.ones(2))], { lr: 0.1, momentum: 0.9 });
      return addr(inspect(new L[name](...args(o))));
    });
    const o = new optim.SGD([new nn.Parameter(torch.ones(2))], { lr: 0.1 });
    class MyLR extends optim.lr_scheduler.StepLR {}
    got.push(addr(String(new optim.swa_utils.SWALR(o, { swa_lr: 0.05 }))), addr(String(new MyLR(o, 1))));
    expect(got).toEqual(ref.scheds);
  });

  it("error messages name these classes as Python does", () => {
    const ds = new D.TensorDataset(torch.ones(1));
    const err = (f: () => unknown) => { try { f(); return null; } catch (e) { return [(e as Error).name, (e as Error).message]; } };
    expect([err(() => new optim.SGD([new torch.Generator()] as any, { lr: 0.1 })), err(() => new optim.SGD([ds] as any, { lr: 0.1 })),
      err(() => new optim.lr_scheduler.StepLR(new nn.Linear(1, 1) as any, 1)), err(() => new optim.lr_scheduler.StepLR(ds as any, 1))]).toEqual(ref.errs);
  });
});

describe("optimizers print as Python's Optimizer.__repr__", () => {
  const ref = py(`
names = [n for n, c in vars(torch.optim).items() if isinstance(c, type) and issubclass(c, torch.optim.Optimizer) and n != "Optimizer"]
p = [torch.nn.Parameter(torch.ones(2, 2))]
defaults = [repr(getattr(torch.optim, n)(p, **({"lr": 0.1} if n == "SGD" else {}))) for n in names]
p1, p2 = torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.ones(3))
sgd = torch.optim.SGD([{"params": [p1]}, {"params": [p2], "lr": 0.5, "nesterov": False}], lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)
s = torch.optim.lr_scheduler.StepLR(sgd, 1)
sgd.step(); s.step()
opts = [repr(sgd),
        repr(torch.optim.Adam([p1], lr=1e-3, betas=(0.8, 0.99), amsgrad=True, weight_decay=0.01)),
        repr(torch.optim.AdamW([p1], lr=torch.tensor(0.01))),
        repr(torch.optim.RMSprop([p1], lr=1, centered=True, momentum=0.5)),
        repr(torch.optim.Adagrad([p1], lr=0.5, lr_decay=1e-3, initial_accumulator_value=0.1))]
out = {"names": names, "defaults": defaults, "opts": opts}`);

  it("each optimizer of the linked release, with its defaults in Python's order", () => {
    const p = [new nn.Parameter(torch.ones(2, 2))];
    expect(ref.names.filter((n: string) => !(optim as any)[n])).toEqual([]);
    expect(ref.names.map((n: string) => inspect(new (optim as any)[n](p, n === "SGD" ? { lr: 0.1 } : {})))).toEqual(ref.defaults);
  });

  it("groups with their own options, an lr a scheduler changed, a tensor lr, betas, an int lr", () => {
    const p1 = new nn.Parameter(torch.ones(2)), p2 = new nn.Parameter(torch.ones(3));
    const sgd = new optim.SGD([{ params: [p1] }, { params: [p2], lr: 0.5, nesterov: false }], { lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 1e-4 });
    const s = new optim.lr_scheduler.StepLR(sgd, 1);
    sgd.step(); s.step();
    expect([sgd,
      new optim.Adam([p1], { lr: 1e-3, betas: [0.8, 0.99], amsgrad: true, weight_decay: 0.01 }),
      new optim.AdamW([p1], { lr: torch.tensor(0.01) as any }),
      new optim.RMSprop([p1], { lr: 1, centered: true, momentum: 0.5 }),
      new optim.Adagrad([p1], { lr: 0.5, lr_decay: 1e-3, initial_accumulator_value: 0.1 }),
    ].map((o) => String(o))).toEqual(ref.opts);
  });
});

describe("PackedSequence, Parameter, dtype and Size", () => {
  const ref = py(`
from torch.nn.utils.rnn import pack_sequence, pack_padded_sequence
a, b = torch.arange(6.).reshape(3, 2), torch.arange(4.).reshape(2, 2) / 3
w = torch.ones(2, requires_grad=True)
packed = [pack_sequence([a, b]), pack_sequence([b, a], enforce_sorted=False), pack_sequence([a * w, b * w]),
          pack_padded_sequence(torch.arange(6.).reshape(3, 2), torch.tensor([3, 1]), batch_first=False)]
params = [torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.arange(6.).reshape(2, 3) / 7, requires_grad=False),
          torch.nn.Parameter(torch.ones(2, dtype=torch.float64)), torch.nn.Parameter(torch.ones(0))]
dts = {n: str(getattr(torch, n)) for n in dir(torch) if isinstance(getattr(torch, n, None), torch.dtype)}
out = {"packed": [repr(x) for x in packed], "packed_str": [str(x) for x in packed],
       "params": [repr(x) for x in params], "params_str": [str(x) for x in params], "dtypes": dts,
       "sizes": [repr(torch.Size([])), repr(torch.Size([3])), str(torch.ones(2, 0, 4).shape), str(torch.ones(5).shape)],
       "formats": [str(torch.contiguous_format), str(torch.channels_last), str(torch.preserve_format)]}`);

  it("PackedSequence is a named tuple: PackedSequence(data=tensor(...), batch_sizes=..., sorted_indices=None, ...)", () => {
    const R = nn.utils.rnn;
    const a = torch.arange(6, { dtype: torch.float32 }).reshape(3, 2), b = torch.arange(4, { dtype: torch.float32 }).reshape(2, 2).div(3);
    const w = torch.ones(2, { requires_grad: true });
    const packed = [R.pack_sequence([a, b]), R.pack_sequence([b, a], { enforce_sorted: false }), R.pack_sequence([a.mul(w), b.mul(w)]),
      R.pack_padded_sequence(torch.arange(6, { dtype: torch.float32 }).reshape(3, 2), torch.tensor([3, 1]), { batch_first: false })];
    expect(packed.map((x) => inspect(x))).toEqual(ref.packed);
    expect(packed.map((x) => String(x))).toEqual(ref.packed_str);
  });

  it("nn.Parameter prints 'Parameter containing:' and its tensor", () => {
    const params = [new nn.Parameter(torch.ones(2)), new nn.Parameter(torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).div(7), false),
      new nn.Parameter(torch.ones(2, { dtype: torch.float64 })), new nn.Parameter(torch.ones(0))];
    expect(params.map((x) => inspect(x))).toEqual(ref.params);
    expect(params.map((x) => String(x))).toEqual(ref.params_str);
  });

  it("every dtype of the linked release that torch has, torch.Size and memory formats", () => {
    const ours = Object.fromEntries(Object.keys(ref.dtypes).filter((n) => (torch as any)[n] !== undefined).map((n) => [n, inspect((torch as any)[n])]));
    for (const n of ["uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64", "complex128", "bool", "bfloat16", "float", "long"])
      expect(ours[n]).toBeDefined();
    expect(ours).toEqual(Object.fromEntries(Object.entries(ref.dtypes).filter(([n]) => n in ours)));
    expect([inspect(torch.ones([]).shape), inspect(torch.ones(3).shape), String(torch.ones(2, 0, 4).shape), String(torch.ones(5).shape)])
      .toEqual(ref.sizes);
    expect([torch.contiguous_format, torch.channels_last, torch.preserve_format].map((f) => inspect(f))).toEqual(ref.formats);
  });
});

// grad_fn.next_functions walks the autograd graph, which needs the addon to expose graph nodes:
// skipped until a grad_fn has next_functions. A node of libtorch's namespace prints without it (CopySlices).
const HAS_GRAPH = "next_functions" in (torch.ones(1, { requires_grad: true }).mul(2).grad_fn ?? {});
describe.skipIf(!HAS_GRAPH)("grad_fn.next_functions", () => {
  const ref = HAS_GRAPH ? py(PY_ADDR + `
x = torch.ones(2, requires_grad=True); w = torch.ones(2)
y = (x * 2 + w).sum()
def walk(fn): return None if fn is None else [r(fn), fn.name(), [[walk(f), i] for f, i in fn.next_functions]]
acc = y.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0]
z = torch.ones(3, requires_grad=True).mul(2); z.narrow(0, 0, 1).mul_(3)
out = {"graph": walk(y.grad_fn), "variable": acc.variable is x,
       "same": y.grad_fn.next_functions[0][0] is y.grad_fn.next_functions[0][0], "slices": [r(z.grad_fn), z.grad_fn.name()]}`) : null;

  it("(node, input_nr) pairs, None for inputs without grad, AccumulateGrad for leaves", () => {
    const x = torch.ones(2, { requires_grad: true }), w = torch.ones(2);
    const y = x.mul(2).add(w).sum();
    type Node = { name(): string; next_functions: [Node | null, number][]; variable?: any };
    const walk = (fn: Node | null): any => (fn === null ? null : [addr(String(fn)), fn.name(), fn.next_functions.map(([f, i]) => [walk(f), i])]);
    expect(walk(y.grad_fn as unknown as Node)).toEqual(ref.graph);
    const first = (n: Node) => n.next_functions[0][0]!;
    const acc = first(first(first(y.grad_fn as unknown as Node)));
    expect(acc.variable === x).toBe(ref.variable);
    expect(first(y.grad_fn as unknown as Node) === first(y.grad_fn as unknown as Node)).toBe(ref.same);
    const z = torch.ones(3, { requires_grad: true }).mul(2);
    z.narrow(0, 0, 1).mul_(3);
    expect([addr(String(z.grad_fn)), z.grad_fn!.name()]).toEqual(ref.slices);
  });
});

describe("hook handles and a program's own classes in errors", () => {
  const ref = py(PY_ADDR + PY_ERR + `
class MyObj: pass
class MyNet(torch.nn.Module): pass
m = torch.nn.Linear(1, 1)
h = m.register_forward_hook(lambda *a: None)
handles = [r(h), str(h) == repr(h), r(m.register_forward_pre_hook(lambda *a: None))]
errs = [err(lambda: m.register_buffer("b", MyObj())), err(lambda: m.register_parameter("p", MyObj())), err(lambda: m.add_module("c", MyObj())),
        err(lambda: m.register_parameter("p", MyNet())), err(lambda: m.register_buffer("b", torch.nn.ReLU())),
        err(lambda: setattr(m, "weight", MyObj())), err(lambda: m.register_buffer("b", torch.float32))]
out = {"handles": handles, "errs": errs}`);

  it("RemovableHandle prints as torch.utils.hooks.RemovableHandle object", () => {
    const m = new nn.Linear(1, 1);
    const h = m.register_forward_hook(() => undefined);
    expect([addr(inspect(h)), String(h) === inspect(h), addr(String(m.register_forward_pre_hook(() => undefined)))]).toEqual(ref.handles);
    expect(String(h)).not.toBe(String(m.register_forward_hook(() => undefined)));
  });

  it("torch.typename names a program's own class __main__.Name", () => {
    class MyObj {}
    class MyNet extends nn.Module {}
    const m = new nn.Linear(1, 1) as any;
    const err = (f: () => unknown) => { try { f(); return null; } catch (e) { return [(e as Error).name, (e as Error).message]; } };
    expect([err(() => m.register_buffer("b", new MyObj())), err(() => m.register_parameter("p", new MyObj())), err(() => m.add_module("c", new MyObj())),
      err(() => m.register_parameter("p", new MyNet())), err(() => m.register_buffer("b", new nn.ReLU())),
      err(() => { m.weight = new MyObj(); }), err(() => m.register_buffer("b", torch.float32))]).toEqual(ref.errs);
  });
});

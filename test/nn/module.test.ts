// nn.Module against Python: repr, registration order, state_dict keys and _metadata,
// load_state_dict errors, traversal, hooks, modes and conversions.
import { describe, it, expect, beforeAll } from "vitest";
import { MnistModel, SimpleMLP, SimpleCNN, Model003, NeuralNet004 } from "./models";
import { inspect } from "node:util";
import torch, { nn, Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py, PY_ERR } from "../helpers/python";

class WithBN extends nn.Module {
  features = new nn.Sequential(new nn.Conv2d(1, 4, 3, { bias: false }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.AdaptiveAvgPool2d([2, 2]));
  heads = new nn.ModuleList([new nn.Linear(16, 3), new nn.Dropout(0.2)]);
  extra = new nn.ParameterList([new nn.Parameter(torch.zeros(2)), torch.ones(2, 3)]);
  scale = new nn.Parameter(torch.ones(1));
  constructor() {
    super();
    this.register_buffer("steps", torch.zeros(1));
    this.register_buffer("scratch", torch.zeros(1), { persistent: false });
  }
}

const PY = `
import torch.nn as nn, torch.nn.functional as F
class MnistModel(nn.Module):
    def __init__(self):
        super().__init__(); self.linear = nn.Linear(784, 10)
class SimpleMLP(nn.Module):
    def __init__(self):
        super(SimpleMLP, self).__init__()
        self.flatten = nn.Flatten(); self.fc1 = nn.Linear(28*28, 256); self.relu1 = nn.ReLU(); self.fc2 = nn.Linear(256, 128); self.relu2 = nn.ReLU(); self.fc3 = nn.Linear(128, 10)
class SimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3, padding=1); self.relu1 = nn.ReLU(); self.pool1 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(in_channels=32, out_channels=64, kernel_size=3, padding=1); self.relu2 = nn.ReLU(); self.pool2 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.fc1 = nn.Linear(64*7*7, 128); self.relu3 = nn.ReLU(); self.fc2 = nn.Linear(128, 10)
class Model003(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5); self.conv2 = nn.Conv2d(32, 16, 3)
        self.fc1 = nn.Linear(400, 100); self.fc2 = nn.Linear(100, 10)
class NeuralNet004(nn.Module):
    def __init__(self, input_size, hidden1, hidden2, num_classes):
        super().__init__()
        self.input_size = input_size
        self.l1 = nn.Linear(input_size, hidden1); self.relu = nn.ReLU(); self.l2 = nn.Linear(hidden1, hidden2); self.l3 = nn.Linear(hidden2, num_classes)
class WithBN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, bias=False), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d((2, 2)))
        self.heads = nn.ModuleList([nn.Linear(16, 3), nn.Dropout(0.2)])
        self.extra = nn.ParameterList([nn.Parameter(torch.zeros(2)), torch.ones(2, 3)])
        self.scale = nn.Parameter(torch.ones(1))
        self.register_buffer('steps', torch.zeros(1))
        self.register_buffer('scratch', torch.zeros(1), persistent=False)
seq1 = nn.Sequential(nn.Linear(28*28, 30), nn.ReLU(), nn.Linear(30, 10))
seq2 = nn.Sequential(nn.Linear(28*28, 392), nn.ReLU(), nn.Linear(392, 30), nn.ReLU(), nn.Linear(30, 10))
models = {'mnist': MnistModel(), 'mlp': SimpleMLP(), 'cnn': SimpleCNN(), 'm003': Model003(), 'nn004': NeuralNet004(784, 500, 100, 10), 'seq1': seq1, 'seq2': seq2, 'withbn': WithBN()}
out = {}
for k, m in models.items():
    sd = m.state_dict()
    out[k] = {'repr': repr(m), 'keys': list(sd.keys()), 'meta': list(sd._metadata.items()),
              'params': [n for n, _ in m.named_parameters()], 'buffers': [n for n, _ in m.named_buffers()],
              'modules': [n for n, _ in m.named_modules()], 'children': [n for n, _ in m.named_children()]}
out['m003_modules'] = str(models['m003']._modules)
layers = [nn.Linear(3, 4, bias=False), nn.Conv2d(2, 3, (3, 5), stride=(2, 1), padding=(1, 2), dilation=2, groups=1, bias=False),
  nn.Conv2d(4, 4, 3, padding='same', groups=2, padding_mode='reflect'), nn.Conv2d(1, 1, 1, padding='valid'),
  nn.MaxPool2d(3, 1, 1, ceil_mode=True), nn.MaxPool2d((2, 3)), nn.AvgPool2d(2), nn.AvgPool2d(3, stride=2, padding=1),
  nn.AdaptiveAvgPool2d(1), nn.AdaptiveAvgPool2d((4, None)), nn.ReLU(), nn.ReLU(inplace=True), nn.LeakyReLU(0.2), nn.GELU(),
  nn.Sigmoid(), nn.Tanh(), nn.Softmax(dim=1), nn.Softmax(), nn.LogSoftmax(dim=-1),
  nn.Flatten(), nn.Flatten(0, 2), nn.Unflatten(1, (2, 5)), nn.Dropout(), nn.Dropout(p=0.25, inplace=True), nn.Dropout2d(0.1),
  nn.BatchNorm1d(10), nn.BatchNorm2d(3, eps=1e-3, momentum=None, affine=False, track_running_stats=False), nn.Identity(),
  nn.CrossEntropyLoss(), nn.NLLLoss(), nn.MSELoss(), nn.L1Loss(), nn.BCELoss(), nn.BCEWithLogitsLoss(),
  nn.ModuleList(), nn.Sequential()]
out['layer_reprs'] = [repr(l) for l in layers]
out['param_repr'] = repr(nn.Parameter(torch.tensor([1.5, -2.0])))
lin = nn.Linear(2, 3)
errs = {}
def err(name, f):
    try: f(); errs[name] = None
    except Exception as e: errs[name] = str(e)
err('missing', lambda: lin.load_state_dict({'weight': torch.zeros(3, 2)}))
err('unexpected', lambda: lin.load_state_dict({'weight': torch.zeros(3, 2), 'bias': torch.zeros(3), 'extra': torch.zeros(1)}))
err('shape', lambda: lin.load_state_dict({'weight': torch.zeros(2, 2), 'bias': torch.zeros(4)}))
err('all', lambda: lin.load_state_dict({'weight': torch.zeros(2, 3), 'foo.bar': torch.zeros(1)}))
err('shape_nonstrict', lambda: lin.load_state_dict({'weight': torch.zeros(2, 2)}, strict=False))
err('nested', lambda: models['withbn'].load_state_dict({'features.0.weight': torch.zeros(4, 1, 3, 3), 'heads.0.bias': torch.zeros(3), 'heads.2.weight': torch.zeros(1)}))
err('not_tensor', lambda: lin.load_state_dict({'weight': 3, 'bias': torch.zeros(3)}))
out['errs'] = errs
r = lin.load_state_dict({'weight': torch.ones(3, 2), 'zzz': torch.ones(1)}, strict=False)
out['nonstrict'] = [r.missing_keys, r.unexpected_keys]
lin = nn.Linear(3, 1)
lin(torch.ones(2, 3)).sum().backward(); lin.zero_grad(); out['zero_grad_default'] = lin.weight.grad
lin(torch.ones(2, 3)).sum().backward(); lin.zero_grad(set_to_none=False); out['zero_grad_false'] = lin.weight.grad
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

function models(): Record<string, nn.Module> {
  const seq1 = new nn.Sequential(new nn.Linear(28 * 28, 30), new nn.ReLU(), new nn.Linear(30, 10));
  const seq2 = new nn.Sequential(new nn.Linear(28 * 28, 392), new nn.ReLU(), new nn.Linear(392, 30), new nn.ReLU(), new nn.Linear(30, 10));
  return { mnist: new MnistModel(), mlp: new SimpleMLP(), cnn: new SimpleCNN(), m003: new Model003(), nn004: new NeuralNet004(784, 500, 100, 10), seq1, seq2, withbn: new WithBN() };
}

describe("repr", () => {
  it("console.log(model) prints Python's repr for the tutorials' models", () => {
    for (const [k, m] of Object.entries(models())) {
      expect(inspect(m), k).toBe(ref[k].repr);
      expect(String(m), k).toBe(ref[k].repr);
    }
    expect(inspect(new MnistModel())).toBe("MnistModel(\n  (linear): Linear(in_features=784, out_features=10, bias=True)\n)");
  });
  it("print(model._modules) prints Python's OrderedDict (1.13) or dict (2.5+) (tutorial 003)", () => {
    expect(inspect(new Model003()._modules)).toBe(ref.m003_modules);
  });
  it("every layer's repr", () => {
    const layers = [new nn.Linear(3, 4, false), new nn.Conv2d(2, 3, [3, 5], { stride: [2, 1], padding: [1, 2], dilation: 2, groups: 1, bias: false }),
      new nn.Conv2d(4, 4, 3, { padding: "same", groups: 2, padding_mode: "reflect" }), new nn.Conv2d(1, 1, 1, { padding: "valid" }),
      new nn.MaxPool2d(3, 1, 1, { ceil_mode: true }), new nn.MaxPool2d([2, 3]), new nn.AvgPool2d(2), new nn.AvgPool2d(3, { stride: 2, padding: 1 }),
      new nn.AdaptiveAvgPool2d(1), new nn.AdaptiveAvgPool2d([4, null]), new nn.ReLU(), new nn.ReLU(true), new nn.LeakyReLU(0.2), new nn.GELU(),
      new nn.Sigmoid(), new nn.Tanh(), new nn.Softmax({ dim: 1 }), new nn.Softmax(), new nn.LogSoftmax({ dim: -1 }),
      new nn.Flatten(), new nn.Flatten(0, 2), new nn.Unflatten(1, [2, 5]), new nn.Dropout(), new nn.Dropout({ p: 0.25, inplace: true }), new nn.Dropout2d(0.1),
      new nn.BatchNorm1d(10), new nn.BatchNorm2d(3, { eps: 1e-3, momentum: null, affine: false, track_running_stats: false }), new nn.Identity(),
      new nn.CrossEntropyLoss(), new nn.NLLLoss(), new nn.MSELoss(), new nn.L1Loss(), new nn.BCELoss(), new nn.BCEWithLogitsLoss(),
      new nn.ModuleList(), new nn.Sequential()];
    expect(layers.map((l) => inspect(l))).toEqual(ref.layer_reprs);
  });
  it("Parameter prints 'Parameter containing:' and the tensor", () => {
    expect(inspect(new nn.Parameter(torch.tensor([1.5, -2.0])))).toBe(ref.param_repr);
  });
});

describe("registration and traversal", () => {
  it("state_dict keys, _metadata versions, named_parameters/buffers/modules/children equal Python's", () => {
    for (const [k, m] of Object.entries(models())) {
      const sd = m.state_dict();
      expect(Object.keys(sd), k).toEqual(ref[k].keys);
      const meta = Object.fromEntries(ref[k].meta.map(([n, v]: [string, any]) => [n, v]));
      expect(sd._metadata, k).toEqual(meta);
      expect(Object.keys(sd)).not.toContain("_metadata");
      expect(m.named_parameters().map(([n]) => n), k).toEqual(ref[k].params);
      expect(m.named_buffers().map(([n]) => n), k).toEqual(ref[k].buffers);
      expect(m.named_modules().map(([n]) => n), k).toEqual(ref[k].modules);
      expect(m.named_children().map(([n]) => n), k).toEqual(ref[k].children);
    }
  });
  it("state_dict values are detached tensors sharing the parameters' storage", () => {
    const lin = new nn.Linear(2, 2);
    const sd = lin.state_dict();
    expect(sd.weight.requires_grad).toBe(false);
    expect(sd.weight).not.toBeInstanceOf(nn.Parameter);
    sd.weight.fill_(3);
    expect(lin.weight.tolist()).toEqual([[3, 3], [3, 3]]);
    expect(lin.state_dict({ keep_vars: true }).weight).toBe(lin.weight);
  });
  it("parameters() are the Parameter objects; a shared module is counted once", () => {
    const l = new nn.Linear(2, 2);
    const seq = new nn.Sequential(l, l);
    expect(seq.parameters().length).toBe(2);
    expect(seq.parameters()[0]).toBe(l.weight);
    expect(seq.modules().length).toBe(2);
    expect(new MnistModel().parameters().every((p) => p instanceof nn.Parameter && p.requires_grad)).toBe(true);
  });
  it("a parameter set to null stays registered as None; register_* validate names", () => {
    const lin = new nn.Linear(3, 2, { bias: false });
    expect(lin.bias).toBe(null);
    expect([...lin._parameters.keys()]).toEqual(["weight", "bias"]);
    const m = new nn.Module();
    expect(() => m.register_buffer("a.b", null)).toThrow(`buffer name can't contain "."`);
    expect(() => m.register_buffer("train", null)).toThrow("attribute 'train' already exists");
    expect(() => m.register_parameter("w", torch.ones(2) as any)).toThrow("cannot assign 'torch.FloatTensor' object to parameter 'w' (torch.nn.Parameter or None required)");
    m.register_parameter("w", new nn.Parameter(torch.ones(2)));
    m.add_module("sub", new nn.ReLU());
    expect(Object.keys(m.state_dict())).toEqual(["w"]);
    expect(m.children().length).toBe(1);
  });
  it("Sequential: index, length, iteration, append, insert, slice, Map/object forms", () => {
    const seq = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU());
    expect(seq.length).toBe(2);
    expect(seq[0]).toBeInstanceOf(nn.Linear);
    expect(seq.at(-1)).toBeInstanceOf(nn.ReLU);
    seq.append(new nn.Linear(3, 2));
    expect([...seq].map((m) => m._get_name())).toEqual(["Linear", "ReLU", "Linear"]);
    expect(seq(torch.ones(5, 4)).shape).toEqual([5, 2]);
    expect(seq.slice(1).length).toBe(2);
    seq.insert(0, new nn.Identity());
    expect([...seq].map((m) => m._get_name())).toEqual(["Identity", "Linear", "ReLU", "Linear"]);
    expect(() => seq.at(7)).toThrow("index 7 is out of range");
    const named = new nn.Sequential(new Map<string, nn.Module>([["conv", new nn.Conv2d(1, 2, 3)], ["act", new nn.ReLU()]]));
    expect(Object.keys(named.state_dict())).toEqual(["conv.weight", "conv.bias"]);
    expect(Object.keys(new nn.Sequential({ fc: new nn.Linear(1, 1) }).state_dict())).toEqual(["fc.weight", "fc.bias"]);
  });
  it("ModuleList and ParameterList", () => {
    const ml = new nn.ModuleList([new nn.Linear(2, 2)]);
    ml.append(new nn.ReLU());
    expect(ml.length).toBe(2);
    expect([...ml].length).toBe(2);
    expect(ml.parameters().length).toBe(2);
    expect(() => ml(torch.ones(1))).toThrow('Module [ModuleList] is missing the required "forward" function');
    const pl = new nn.ParameterList([torch.ones(2)]);
    pl.append(torch.zeros(3));
    expect(pl.length).toBe(2);
    expect(pl.at(1)).toBeInstanceOf(nn.Parameter);
    expect(pl.parameters().length).toBe(2);
  });
});

describe("load_state_dict", () => {
  it("round-trips a model's state", () => {
    const a = new SimpleMLP(), b = new SimpleMLP();
    const r = b.load_state_dict(a.state_dict());
    expect(r).toEqual({ missing_keys: [], unexpected_keys: [] });
    expect(b.fc3.weight.tolist()).toEqual(a.fc3.weight.tolist());
    expect(b.fc3.weight.requires_grad).toBe(true);
    const bn = new nn.BatchNorm1d(3), bn2 = new nn.BatchNorm1d(3);
    bn.train(); bn(torch.randn(4, 3));
    bn2.load_state_dict(new Map(Object.entries(bn.state_dict())));
    expect(bn2.running_mean!.tolist()).toEqual(bn.running_mean!.tolist());
    expect(bn2.num_batches_tracked!.item()).toBe(1);
  });
  it("reports missing, unexpected keys and size mismatches with Python's text, changing nothing", () => {
    const lin = new nn.Linear(2, 3);
    const before = lin.weight.tolist();
    const call = (sd: Record<string, unknown>, strict = true) => { try { lin.load_state_dict(sd, { strict }); return null; } catch (e: any) { return e.message; } };
    expect(call({ weight: torch.zeros(3, 2) })).toBe(ref.errs.missing);
    expect(call({ weight: torch.zeros(3, 2), bias: torch.zeros(3), extra: torch.zeros(1) })).toBe(ref.errs.unexpected);
    expect(call({ weight: torch.zeros(2, 2), bias: torch.zeros(4) })).toBe(ref.errs.shape);
    expect(call({ weight: torch.zeros(2, 3), "foo.bar": torch.zeros(1) })).toBe(ref.errs.all);
    expect(call({ weight: torch.zeros(2, 2) }, false)).toBe(ref.errs.shape_nonstrict);
    expect(call({ weight: 3, bias: torch.zeros(3) })).toBe(ref.errs.not_tensor.replace("<class 'int'>", "<class 'int'>"));
    expect(lin.weight.tolist()).toEqual(before);
    let msg = null;
    try { new WithBN().load_state_dict({ "features.0.weight": torch.zeros(4, 1, 3, 3), "heads.0.bias": torch.zeros(3), "heads.2.weight": torch.zeros(1) }); } catch (e: any) { msg = e.message; }
    expect(msg).toBe(ref.errs.nested);
  });
  it("strict=false returns the missing and unexpected keys", () => {
    const lin = new nn.Linear(2, 3);
    const r = lin.load_state_dict({ weight: torch.ones(3, 2), zzz: torch.ones(1) }, false);
    expect([r.missing_keys, r.unexpected_keys]).toEqual(ref.nonstrict);
    expect(lin.weight.tolist()).toEqual([[1, 1], [1, 1], [1, 1]]);
  });
  it("accepts an old BatchNorm state dict without num_batches_tracked (version 1 metadata)", () => {
    const bn = new nn.BatchNorm2d(2);
    const sd: any = { weight: torch.ones(2), bias: torch.zeros(2), running_mean: torch.tensor([1.0, 2.0]), running_var: torch.ones(2) };
    Object.defineProperty(sd, "_metadata", { value: { "": { version: 1 } }, enumerable: false });
    bn.load_state_dict(sd);
    expect(bn.running_mean!.tolist()).toEqual([1, 2]);
    bn.load_state_dict({ ...sd });
    const v2: any = { ...sd };
    Object.defineProperty(v2, "_metadata", { value: { "": { version: 2 } }, enumerable: false });
    expect(() => bn.load_state_dict(v2)).toThrow('Missing key(s) in state_dict: "num_batches_tracked".');
  });
});

describe("modes, hooks, conversion", () => {
  it("train()/eval() set training recursively", () => {
    const m = new WithBN();
    expect(m.training).toBe(true);
    m.eval();
    expect(m.modules().every((x) => x.training === false)).toBe(true);
    m.train();
    expect(m.heads[1].training).toBe(true);
    expect(() => m.train("yes" as any)).toThrow("training mode is expected to be boolean");
  });
  it("forward hooks and pre-hooks run around forward and can be removed", () => {
    const lin = new nn.Linear(2, 2);
    const seen: string[] = [];
    const h1 = lin.register_forward_pre_hook((mod, input) => { seen.push("pre"); return [input[0].mul(0)]; });
    const h2 = lin.register_forward_hook((mod, input, output) => { seen.push("post"); return output.add(1); });
    const y = lin(torch.ones(1, 2));
    expect(seen).toEqual(["pre", "post"]);
    expect(y.tolist()).toEqual(lin.bias!.add(1).unsqueeze(0).tolist());
    h1.remove(); h2.remove();
    expect(lin(torch.zeros(1, 2)).tolist()).toEqual([lin.bias!.tolist()]);
  });
  it("to(dtype), double(), float(), apply(), zero_grad(), requires_grad_()", () => {
    const m = new WithBN();
    m.to(torch.float64);
    expect((m.features[0] as nn.Conv2d).weight.dtype).toBe(torch.float64);
    expect((m.features[1] as any).num_batches_tracked.dtype).toBe(torch.int64);
    const w = (m.heads[0] as nn.Linear).weight;
    m.float();
    expect(w.dtype).toBe(torch.float32);
    expect((m.heads[0] as nn.Linear).weight).toBe(w);
    expect(() => m.to(torch.int32)).toThrow("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int32");
    const names: string[] = [];
    m.apply((x) => names.push(x._get_name()));
    expect(names[names.length - 1]).toBe("WithBN");
    const lin = new nn.Linear(3, 1);
    lin(torch.ones(2, 3)).sum().backward();
    expect(lin.weight.grad!.tolist()).toEqual([[2, 2, 2]]);
    lin.zero_grad();
    // 1.13 zeroes the gradients by default, 2.x removes them
    expect(lin.weight.grad === null ? null : lin.weight.grad.tolist()).toEqual(ref.zero_grad_default === null ? null : ref.zero_grad_default.tensor);
    lin(torch.ones(2, 3)).sum().backward();
    lin.zero_grad({ set_to_none: false });
    expect(lin.weight.grad!.tolist()).toEqual(ref.zero_grad_false.tensor);
    lin.zero_grad(false);
    expect(lin.weight.grad!.tolist()).toEqual([[0, 0, 0]]);
    lin.zero_grad({ set_to_none: true });
    expect(lin.weight.grad).toBe(null);
    lin.requires_grad_(false);
    expect(lin.weight.requires_grad).toBe(false);
    expect(m.to("cpu")).toBe(m);
  });
  it("Parameter aliases its data's storage and is a leaf", () => {
    const data = torch.zeros(3);
    const p = new nn.Parameter(data);
    data.fill_(2);
    expect(p.tolist()).toEqual([2, 2, 2]);
    expect(p.is_leaf).toBe(true);
    expect(p.requires_grad).toBe(true);
    expect(new nn.Parameter(torch.ones(1), false).requires_grad).toBe(false);
    expect(() => new nn.Parameter(torch.ones(2, { dtype: torch.int64 } as any))).toThrow("only Tensors of floating point and complex dtype can require gradients");
  });
  it("a module without forward, and wrong arguments, fail as in Python", () => {
    expect(() => new nn.Module()(torch.ones(1))).toThrow('Module [Module] is missing the required "forward" function');
    expect(() => new (nn.Linear as any)(3)).toThrow("__init__() missing 1 required positional argument: 'out_features'");
    expect(() => new nn.Linear(3, 2, { bogus: 1 } as any)).toThrow("__init__() got an unexpected keyword argument 'bogus'");
    expect(() => F.relu(torch.ones(1), { inplace: false, x: 1 } as any)).toThrow("unexpected keyword argument 'x'");
  });
});

// Python's Module.__setattr__ / __delattr__: what a name registered as a parameter, a submodule
// or a buffer accepts, with PyTorch's errors, and a failed assignment changes nothing.
describe("assigning attributes (__setattr__)", () => {
  const want = py(`
import torch.nn as nn
def err(f):
    try:
        f(); return None
    except Exception as e:
        return [type(e).__name__, str(e)]
def names(m): return [[n for n, _ in m.named_parameters()], [n for n, _ in m.named_buffers()], [n for n, _ in m.named_children()]]
lin = nn.Linear(2, 2); w = lin.weight
r = {}
r["tensor_over_param"] = err(lambda: setattr(lin, "weight", torch.zeros(2, 2)))
r["kept"] = lin.weight is w
r["int_over_param"] = err(lambda: setattr(lin, "bias", 3))
r["module_over_param"] = err(lambda: setattr(lin, "bias", nn.ReLU()))
r["add_int_module"] = err(lambda: lin.add_module("x", 3))
r["add_seq_as_module_of_param"] = err(lambda: setattr(lin, "weight", nn.Sequential()))
r["none_over_param"] = err(lambda: setattr(lin, "bias", None)); r["after_none"] = names(lin)
r["param_back"] = err(lambda: setattr(lin, "bias", nn.Parameter(torch.zeros(2)))); r["after_back"] = names(lin)
del lin.weight
r["tensor_after_del"] = err(lambda: setattr(lin, "weight", torch.zeros(2, 2))); r["after_del"] = names(lin)
seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
r["tensor_over_module"] = err(lambda: setattr(seq, "0", torch.zeros(1)))
r["none_over_module"] = err(lambda: setattr(seq, "1", None)); r["seq"] = names(seq)
bn = nn.BatchNorm1d(2)
r["int_over_buffer"] = err(lambda: setattr(bn, "running_mean", 3))
r["tensor_over_buffer"] = err(lambda: setattr(bn, "running_var", torch.ones(2)))
r["param_over_buffer"] = err(lambda: setattr(bn, "running_mean", nn.Parameter(torch.zeros(2)))); r["bn"] = names(bn)
out = r
`);
  const names = (m: nn.Module) => [m.named_parameters().map(([n]) => n), m.named_buffers().map(([n]) => n), m.named_children().map(([n]) => n)];
  function err(f: () => void): [string, string] | null {
    try { f(); return null; } catch (e) { return [(e as Error).name, (e as Error).message]; }
  }

  it("a parameter's name takes a Parameter or null", () => {
    const lin = new nn.Linear(2, 2) as any;
    const w = lin.weight;
    expect(err(() => { lin.weight = torch.zeros(2, 2); })).toEqual(want.tensor_over_param);
    expect(lin.weight === w).toBe(want.kept);
    expect(err(() => { lin.bias = 3; })).toEqual(want.int_over_param);
    expect(err(() => { lin.bias = new nn.ReLU(); })).toEqual(want.module_over_param);
    expect(err(() => lin.add_module("x", 3))).toEqual(want.add_int_module);
    expect(err(() => { lin.weight = new nn.Sequential(); })).toEqual(want.add_seq_as_module_of_param);
    expect(err(() => { lin.bias = null; })).toEqual(want.none_over_param);
    expect(names(lin)).toEqual(want.after_none);
    expect(err(() => { lin.bias = new nn.Parameter(torch.zeros(2)); })).toEqual(want.param_back);
    expect(names(lin)).toEqual(want.after_back);
    delete lin.weight;
    expect(err(() => { lin.weight = torch.zeros(2, 2); })).toEqual(want.tensor_after_del);
    expect(names(lin)).toEqual(want.after_del);
  });

  it("a submodule's name takes a Module or null; a buffer's a Tensor or null", () => {
    const seq = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU()) as any;
    expect(err(() => { seq["0"] = torch.zeros(1); })).toEqual(want.tensor_over_module);
    expect(err(() => { seq["1"] = null; })).toEqual(want.none_over_module);
    expect(names(seq)).toEqual(want.seq);
    const bn = new nn.BatchNorm1d(2) as any;
    expect(err(() => { bn.running_mean = 3; })).toEqual(want.int_over_buffer);
    expect(err(() => { bn.running_var = torch.ones(2); })).toEqual(want.tensor_over_buffer);
    expect(err(() => { bn.running_mean = new nn.Parameter(torch.zeros(2)); })).toEqual(want.param_over_buffer);
    expect(names(bn)).toEqual(want.bn);
  });

  it("applies inside a subclass too (class fields, then assignments in forward)", () => {
    class Net extends nn.Module {
      fc = new nn.Linear(2, 2);
      forward(x: Tensor) { (this as any).fc = x; return x; }
    }
    const net = new Net();
    expect(() => net(torch.zeros(2))).toThrow(new TypeError("cannot assign 'torch.FloatTensor' as child module 'fc' (torch.nn.Module or None expected)"));
    expect(net.fc).toBeInstanceOf(nn.Linear);
  });
});

// Module behaviour that changed after 1.13, each compared with the linked version's Python: what
// 1.13 lacks fails there as Python 1.13 fails (a TypeError for an unknown keyword, ...).
describe("version-dependent Module API", () => {
  const want = py(`
${PY_ERR}
import torch.nn as nn
def names(m): return [[n for n, _ in m.named_parameters()], [n for n, _ in m.named_buffers()], list(m.state_dict().keys())]
r = {}
torch.manual_seed(0)
bn = nn.BatchNorm1d(2); lin = nn.Linear(2, 1)
r["bn_params"] = str(bn._parameters); r["bn_buffers"] = str(bn._buffers); r["empty"] = str(bn._modules)
r["lin_params"] = str(lin._parameters)
seq = nn.Sequential(nn.ReLU()); seq.add_module("it's", nn.Tanh()); r["quoted"] = str(seq._modules)
r["has_buffer"] = hasattr(nn, "Buffer")
if r["has_buffer"]:
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(2, 2)
            self.a = nn.Buffer(torch.ones(2))
            self.b = nn.Buffer(torch.zeros(3), persistent=False)
            self.register_buffer("c", nn.Buffer(torch.ones(1), persistent=False), persistent=True)
    m = M()
    b = {"names": names(m), "buffers_repr": str(m._buffers), "is_buffer": [isinstance(m.a, nn.Buffer), isinstance(torch.ones(1), nn.Buffer)],
         "persistent": [m.a.persistent, m.b.persistent], "repr": repr(m.a)}
    t = torch.zeros(2); bt = nn.Buffer(t); bt.fill_(3); b["shares"] = t
    g = nn.Buffer(torch.ones(2, requires_grad=True)); b["grad"] = [g.requires_grad, g.is_leaf]
    b["empty"] = list(nn.Buffer().shape)
    m.a = nn.Buffer(torch.zeros(2), persistent=False); b["repersist"] = names(m)
    m.a = torch.ones(2); b["plain_keeps"] = names(m)
    m.b = nn.Buffer(torch.ones(3)); b["b_persistent"] = names(m)
    b["int"] = err(lambda: setattr(m, "a", 3))
    b["over_module"] = err(lambda: setattr(m, "lin", nn.Buffer(torch.ones(1))))
    b["over_param"] = err(lambda: setattr(m.lin, "weight", nn.Buffer(torch.ones(1))))
    m.x = 5
    b["over_attr"] = err(lambda: setattr(m, "x", nn.Buffer(torch.ones(1))))
    m.d = nn.Buffer(torch.ones(1)); del m.d; b["deleted"] = names(m)
    r["buf"] = b
# forward hooks: prepend, with_kwargs, always_call (2.0)
def hooks():
    seen = []
    lin = nn.Linear(2, 2)
    lin.register_forward_pre_hook(lambda m, a: seen.append("pre1"))
    lin.register_forward_pre_hook(lambda m, a: seen.append("pre0"), prepend=True)
    lin.register_forward_pre_hook(lambda m, a, k: (seen.append(("prekw", sorted(k))), ((a[0] * 2,), k))[1], with_kwargs=True)
    lin.register_forward_hook(lambda m, a, o: seen.append("post1"))
    lin.register_forward_hook(lambda m, a, o: seen.append("post0"), prepend=True)
    lin.register_forward_hook(lambda m, a, k, o: o + 1, with_kwargs=True)
    y = lin(torch.ones(1, 2))
    z = (lin.weight @ torch.full((2,), 2.0) + lin.bias + 1).unsqueeze(0)
    return [seen, bool(torch.allclose(y, z))]
r["hooks"] = err(hooks) or hooks()
def always():
    seen = []
    lin = nn.Linear(2, 2)
    lin.register_forward_hook(lambda m, a, o: seen.append(["always", o]), always_call=True)
    lin.register_forward_hook(lambda m, a, o: seen.append("plain"))
    return [seen, err(lambda: lin(torch.ones(3))) is not None]
r["always"] = err(always) or always()
# remove_duplicate (2.0)
l = nn.Linear(2, 2); sq = nn.Sequential(l, l)
r["dup"] = err(lambda: [n for n, _ in sq.named_parameters(remove_duplicate=False)]) or [[n for n, _ in sq.named_parameters(remove_duplicate=False)], len(list(sq.modules(remove_duplicate=False)))]
# load_state_dict(assign=True) (2.1)
def assign():
    lin = nn.Linear(2, 2); bn = nn.BatchNorm1d(2)
    sd = {"weight": torch.zeros(2, 2), "bias": torch.zeros(2)}
    lin.load_state_dict(sd, assign=True); sd["weight"].fill_(7)
    bsd = {k: v.clone() for k, v in bn.state_dict().items()}
    bn.load_state_dict(bsd, assign=True); bsd["running_mean"].fill_(5)
    return [lin.weight, type(lin.weight).__name__, lin.weight.requires_grad, bn.running_mean, bn.running_mean is bsd["running_mean"]]
r["assign"] = err(assign) or assign()
lin = nn.Linear(2, 2); sd = {"weight": torch.zeros(2, 2), "bias": torch.zeros(2)}; lin.load_state_dict(sd); sd["weight"].fill_(7)
r["no_assign"] = lin.weight
# keys under a parameter's name, or naming a submodule (2.4)
lin = nn.Linear(2, 2)
r["prefix"] = lin.load_state_dict({"weight": torch.zeros(2, 2), "bias": torch.zeros(2), "weight.x": torch.zeros(1)}, strict=False).unexpected_keys
sq = nn.Sequential(nn.Linear(2, 2))
r["submodule_key"] = sq.load_state_dict({"0.weight": torch.zeros(2, 2), "0.bias": torch.zeros(2), "0": torch.zeros(1)}, strict=False).unexpected_keys
# a 1-d tensor for a 0-d parameter (2.10: only of one element)
class S(nn.Module):
    def __init__(self):
        super().__init__(); self.s = nn.Parameter(torch.tensor(0.5))
s = S()
r["scalar3"] = err(lambda: s.load_state_dict({"s": torch.tensor([1.0, 2.0, 3.0])})); r["scalar3_v"] = s.s.item()
s.load_state_dict({"s": torch.tensor([4.0])}); r["scalar1_v"] = s.s.item()
# an old BatchNorm state dict without num_batches_tracked (2.2: the module keeps its count)
bn = nn.BatchNorm1d(2)
for _ in range(3): bn(torch.randn(4, 2))
sd = bn.state_dict(); del sd["num_batches_tracked"]; sd._metadata[""]["version"] = 1
bn.load_state_dict(sd); r["nbt"] = bn.num_batches_tracked.item()
out = r
`);
  function err(f: () => unknown): [string, string] | null {
    try { f(); return null; } catch (e) { return [(e as Error).name, (e as Error).message]; }
  }
  const names = (m: nn.Module) => [m.named_parameters().map(([n]) => n), m.named_buffers().map(([n]) => n), Object.keys(m.state_dict())];

  it("_parameters, _buffers, _modules print as the linked version's OrderedDict or dict", () => {
    torch.manual_seed(0);
    const bn = new nn.BatchNorm1d(2), lin = new nn.Linear(2, 1);
    expect(String(bn._parameters)).toBe(want.bn_params);
    expect(String(bn._buffers)).toBe(want.bn_buffers);
    expect(inspect(bn._modules)).toBe(want.empty);
    expect(String(lin._parameters)).toBe(want.lin_params);
    const seq = new nn.Sequential(new nn.ReLU());
    seq.add_module("it's", new nn.Tanh());
    expect(String(seq._modules)).toBe(want.quoted);
  });

  it("nn.Buffer (2.5): assigning one registers a buffer, persistent or not", () => {
    if (!want.has_buffer) {
      expect(err(() => new nn.Buffer(torch.ones(1)))).toEqual(["AttributeError", "module 'torch.nn' has no attribute 'Buffer'"]);
      return;
    }
    const b = want.buf;
    class M extends nn.Module {
      lin = new nn.Linear(2, 2);
      a: any = new nn.Buffer(torch.ones(2));
      b: any = new nn.Buffer(torch.zeros(3), { persistent: false });
      constructor() {
        super();
        this.register_buffer("c", new nn.Buffer(torch.ones(1), { persistent: false }), true);
      }
    }
    const m = new M() as any;
    expect(names(m)).toEqual(b.names);
    expect(String(m._buffers)).toBe(b.buffers_repr);
    expect([m.a instanceof nn.Buffer, torch.ones(1) instanceof nn.Buffer]).toEqual(b.is_buffer);
    expect(m.a).toBeInstanceOf(Tensor);
    expect(m.a.constructor).toBe(Tensor);
    expect([m.a.persistent, m.b.persistent]).toEqual(b.persistent);
    expect(inspect(m.a)).toBe(b.repr);
    const t = torch.zeros(2);
    new nn.Buffer(t).fill_(3);
    expect(t.tolist()).toEqual(b.shares.tensor);
    const g = new nn.Buffer(torch.ones([2], { requires_grad: true }));
    expect([g.requires_grad, g.is_leaf]).toEqual(b.grad);
    expect([...new nn.Buffer().shape]).toEqual(b.empty);
    m.a = new nn.Buffer(torch.zeros(2), { persistent: false });
    expect(names(m)).toEqual(b.repersist);
    m.a = torch.ones(2);
    expect(names(m)).toEqual(b.plain_keeps);
    m.b = new nn.Buffer({ data: torch.ones(3) });
    expect(names(m)).toEqual(b.b_persistent);
    expect(err(() => { m.a = 3; })).toEqual(b.int);
    expect(err(() => { m.lin = new nn.Buffer(torch.ones(1)); })).toEqual(b.over_module);
    expect(err(() => { m.lin.weight = new nn.Buffer(torch.ones(1)); })).toEqual(b.over_param);
    m.x = 5;
    expect(err(() => { m.x = new nn.Buffer(torch.ones(1)); })).toEqual(b.over_attr);
    m.d = new nn.Buffer(torch.ones(1));
    delete m.d;
    expect(names(m)).toEqual(b.deleted);
  });

  it("forward hooks: prepend, with_kwargs, always_call (2.0)", () => {
    const hooks = () => {
      const seen: any[] = [];
      const lin = new nn.Linear(2, 2);
      lin.register_forward_pre_hook(() => { seen.push("pre1"); });
      lin.register_forward_pre_hook(() => { seen.push("pre0"); }, { prepend: true });
      lin.register_forward_pre_hook((_m, a, k) => { seen.push(["prekw", Object.keys(k).sort()]); return [[a[0].mul(2)], k]; }, { with_kwargs: true });
      lin.register_forward_hook(() => { seen.push("post1"); });
      lin.register_forward_hook(() => { seen.push("post0"); }, { prepend: true });
      lin.register_forward_hook((_m, _a, _k, o) => o.add(1), { with_kwargs: true });
      const y = lin(torch.ones(1, 2));
      const z = lin.weight.matmul(torch.full([2], 2.0, { dtype: torch.float32 })).add(lin.bias!).add(1).unsqueeze(0);
      return [seen, torch.allclose(y, z)];
    };
    expect((err(hooks)) ?? hooks()).toEqual(want.hooks);
    const always = () => {
      const seen: any[] = [];
      const lin = new nn.Linear(2, 2);
      lin.register_forward_hook((_m, _a, o) => { seen.push(["always", o]); }, { always_call: true });
      lin.register_forward_hook(() => { seen.push("plain"); });
      return [seen, err(() => lin(torch.ones(3))) !== null];
    };
    expect((err(always)) ?? always()).toEqual(want.always);
  });

  it("named_parameters / modules with remove_duplicate=false (2.0)", () => {
    const l = new nn.Linear(2, 2);
    const sq = new nn.Sequential(l, l);
    const got = (err(() => sq.named_parameters({ remove_duplicate: false })))
      ?? [sq.named_parameters({ remove_duplicate: false }).map(([n]) => n), sq.modules({ remove_duplicate: false }).length];
    expect(got).toEqual(want.dup);
  });

  it("load_state_dict: assign (2.1), keys under a parameter or naming a submodule (2.4), 1-d into 0-d (2.10)", () => {
    const assign = () => {
      const lin = new nn.Linear(2, 2), bn = new nn.BatchNorm1d(2);
      const sd = { weight: torch.zeros(2, 2), bias: torch.zeros(2) };
      lin.load_state_dict(sd, { assign: true });
      sd.weight.fill_(7);
      const bsd = Object.fromEntries(Object.entries(bn.state_dict()).map(([k, v]) => [k, v.clone()]));
      bn.load_state_dict(bsd, { assign: true });
      bsd.running_mean.fill_(5);
      return [{ tensor: lin.weight.tolist() }, lin.weight.constructor.name, lin.weight.requires_grad, { tensor: bn.running_mean!.tolist() }, bn.running_mean === bsd.running_mean];
    };
    const a = (err(assign)) ?? assign();
    expect(JSON.parse(JSON.stringify(a))).toEqual(JSON.parse(JSON.stringify(want.assign, (k, v) => (k === "dtype" || k === "shape" ? undefined : v))));
    const lin = new nn.Linear(2, 2);
    const sd = { weight: torch.zeros(2, 2), bias: torch.zeros(2) };
    lin.load_state_dict(sd);
    sd.weight.fill_(7);
    expect(lin.weight.tolist()).toEqual(want.no_assign.tensor);

    expect(new nn.Linear(2, 2).load_state_dict({ weight: torch.zeros(2, 2), bias: torch.zeros(2), "weight.x": torch.zeros(1) }, false).unexpected_keys).toEqual(want.prefix);
    const sq = new nn.Sequential(new nn.Linear(2, 2));
    expect(sq.load_state_dict({ "0.weight": torch.zeros(2, 2), "0.bias": torch.zeros(2), "0": torch.zeros(1) }, { strict: false }).unexpected_keys).toEqual(want.submodule_key);

    class S extends nn.Module { s = new nn.Parameter(torch.tensor(0.5)); }
    const s = new S();
    expect(err(() => s.load_state_dict({ s: torch.tensor([1.0, 2.0, 3.0]) }))).toEqual(want.scalar3);
    expect(s.s.item()).toBe(want.scalar3_v);
    s.load_state_dict({ s: torch.tensor([4.0]) });
    expect(s.s.item()).toBe(want.scalar1_v);
  });

  it("an old BatchNorm state dict without num_batches_tracked: 0 (1.13) or the module's own count (2.2)", () => {
    const bn = new nn.BatchNorm1d(2);
    for (let i = 0; i < 3; i++) bn(torch.randn(4, 2));
    const sd: any = { ...bn.state_dict() };
    delete sd.num_batches_tracked;
    Object.defineProperty(sd, "_metadata", { value: { "": { version: 1 } }, enumerable: false });
    bn.load_state_dict(sd);
    expect(bn.num_batches_tracked!.item()).toBe(want.nbt);
  });
});

// LayerNorm, Embedding, ModuleDict against Python: seeded init, forward, gradients, repr, keys;
// then the layer arguments and reprs that changed after 1.13, against the linked version's Python.
import { describe, it, expect, beforeAll } from "vitest";
import { inspect } from "node:util";
import torch, { nn } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "./helpers";

const PY = `
import torch.nn as nn, torch.nn.functional as F
out = {}
torch.manual_seed(0)
ln = nn.LayerNorm([3, 4]); x = torch.randn(2, 3, 4, requires_grad=True)
with torch.no_grad(): ln.weight.mul_(torch.randn(3, 4)); ln.bias.add_(torch.randn(3, 4))
y = ln(x); y.pow(2).sum().backward()
out['ln'] = {'y': y, 'xg': x.grad, 'wg': ln.weight.grad, 'bg': ln.bias.grad, 'repr': repr(ln), 'repr2': repr(nn.LayerNorm(5, eps=1e-6, elementwise_affine=False)), 'keys': list(ln.state_dict().keys())}
torch.manual_seed(1)
emb = nn.Embedding(10, 3, padding_idx=2); idx = torch.tensor([[0, 2, 9], [2, 5, 5]])
y = emb(idx); (y * torch.randn(y.shape)).sum().backward()
out['emb'] = {'w0': emb.weight.detach().clone(), 'y': y, 'g': emb.weight.grad, 'repr': repr(emb)}
torch.manual_seed(2)
emb2 = nn.Embedding(6, 4, max_norm=1.0); idx2 = torch.tensor([1, 3, 1])
y2 = emb2(idx2)
out['emb_maxnorm'] = {'y': y2, 'w': emb2.weight, 'repr': repr(emb2)}
torch.manual_seed(3)
out['emb_neg'] = nn.Embedding(5, 2, padding_idx=-1).weight
pre = torch.arange(6.).view(3, 2)
e3 = nn.Embedding.from_pretrained(pre)
out['pre'] = {'y': e3(torch.tensor([2, 0])), 'rg': e3.weight.requires_grad, 'repr': repr(e3)}
torch.manual_seed(4)
md = nn.ModuleDict({'conv': nn.Conv2d(1, 2, 3), 'act': nn.ReLU(), 'head': nn.Linear(2, 2)})
out['md'] = {'repr': repr(md), 'keys': list(md.state_dict().keys()), 'names': list(md.keys()), 'w': md['head'].weight}
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

describe("LayerNorm, Embedding, ModuleDict", () => {
  it("LayerNorm: forward, gradients, repr, keys", () => {
    torch.manual_seed(0);
    const ln = new nn.LayerNorm([3, 4]);
    const x = torch.randn([2, 3, 4], { requires_grad: true });
    torch.no_grad(() => { ln.weight!.mul_(torch.randn(3, 4)); ln.bias!.add_(torch.randn(3, 4)); });
    const y = ln(x);
    y.pow(2).sum().backward();
    expectClose(y, ref.ln.y);
    expectClose(x.grad!, ref.ln.xg, 1e-5);
    expectClose(ln.weight!.grad!, ref.ln.wg, 1e-5);
    expectClose(ln.bias!.grad!, ref.ln.bg, 1e-5);
    expect(inspect(ln)).toBe(ref.ln.repr);
    expect(inspect(new nn.LayerNorm(5, { eps: 1e-6, elementwise_affine: false }))).toBe(ref.ln.repr2);
    expect(Object.keys(ln.state_dict())).toEqual(ref.ln.keys);
  });
  it("Embedding: seeded weights with padding row zeroed, lookup, gradients (padding row gets none)", () => {
    torch.manual_seed(1);
    const emb = new nn.Embedding(10, 3, { padding_idx: 2 });
    expect(emb.weight.tolist()).toEqual(ref.emb.w0.tensor);
    const idx = torch.tensor([[0, 2, 9], [2, 5, 5]]);
    const y = emb(idx);
    y.mul(torch.randn(y.shape)).sum().backward();
    expectClose(y, ref.emb.y);
    expectClose(emb.weight.grad!, ref.emb.g);
    expect(inspect(emb)).toBe(ref.emb.repr);
    torch.manual_seed(3);
    expect(new nn.Embedding(5, 2, { padding_idx: -1 }).weight.tolist()).toEqual(ref.emb_neg.tensor);
  });
  it("Embedding max_norm renormalises the looked-up rows in place; from_pretrained", () => {
    torch.manual_seed(2);
    const emb2 = new nn.Embedding(6, 4, { max_norm: 1.0 });
    const y2 = emb2(torch.tensor([1, 3, 1]));
    expectClose(y2, ref.emb_maxnorm.y);
    expectClose(emb2.weight, ref.emb_maxnorm.w);
    expect(inspect(emb2)).toBe(ref.emb_maxnorm.repr.replace("max_norm=1.0", "max_norm=1"));
    const e3 = nn.Embedding.from_pretrained(torch.arange(6, { dtype: torch.float32 }).view(3, 2));
    expectClose(e3(torch.tensor([2, 0])), ref.pre.y);
    expect(e3.weight.requires_grad).toBe(ref.pre.rg);
    expect(inspect(e3)).toBe(ref.pre.repr);
    expect(F.embedding(torch.tensor([1]), torch.eye(3)).tolist()).toEqual([[0, 1, 0]]);
  });
  it("ModuleDict keeps insertion order in repr, state_dict and keys()", () => {
    torch.manual_seed(4);
    const md = new nn.ModuleDict({ conv: new nn.Conv2d(1, 2, 3), act: new nn.ReLU(), head: new nn.Linear(2, 2) });
    expect(inspect(md)).toBe(ref.md.repr);
    expect(Object.keys(md.state_dict())).toEqual(ref.md.keys);
    expect(md.keys()).toEqual(ref.md.names);
    expect((md.get("head") as nn.Linear).weight.tolist()).toEqual(ref.md.w.tensor);
    md.pop("act");
    expect(md.keys()).toEqual(["conv", "head"]);
    expect(md.length).toBe(2);
  });
});

describe("layer arguments and reprs that follow the linked version", () => {
  const want = py(`
${PY_ERR}
import torch.nn as nn
def layer(make, shape, seed):
    torch.manual_seed(seed)
    m = make(); x = torch.randn(*shape, requires_grad=True)
    y = m(x); (y * torch.randn(y.shape)).sum().backward()
    return {"repr": repr(m), "keys": list(m.state_dict().keys()), "params": [n for n, p in m.named_parameters()], "bias": m.bias,
            "y": y, "xg": x.grad, "wg": m.weight.grad}
def safe(make, shape, seed):
    e = err(make)
    return {"err": e} if e else layer(make, shape, seed)
r = {}
r["ln_nobias"] = safe(lambda: nn.LayerNorm([3, 4], bias=False), (2, 3, 4), 0)
r["ln_positional"] = err(lambda: nn.LayerNorm(4, 1e-5, True, False)) or repr(nn.LayerNorm(4, 1e-5, True, False))
r["ln_repr"] = [repr(nn.LayerNorm(4)), repr(nn.LayerNorm((2, 3), eps=1e-3, elementwise_affine=False))]
r["bn_nobias"] = safe(lambda: nn.BatchNorm1d(3, bias=False), (5, 3), 1)
r["bn_noaffine_bias"] = err(lambda: nn.BatchNorm2d(3, affine=False, bias=True)) or repr(nn.BatchNorm2d(3, affine=False, bias=True))
r["bn_positional_bias"] = err(lambda: nn.BatchNorm1d(3, 1e-5, 0.1, True, True, None, None, False))
lin = nn.Linear(2, 2)
ml = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2), nn.Sequential(nn.Tanh(), nn.Tanh()), nn.Sequential(nn.Tanh(), nn.Tanh()), nn.Sequential(nn.Tanh(), nn.Tanh())])
class Net(nn.Module):
    def __init__(self):
        super().__init__(); self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)]); self.head = nn.Linear(4, 1)
r["ml"] = [repr(ml), repr(nn.ModuleList()), repr(nn.ModuleList([lin, lin])), repr(Net())]
r["softmax"] = [err(lambda: nn.Softmax(dim=1.5)), err(lambda: nn.LogSoftmax("x")), err(lambda: nn.Softmax(True)), repr(nn.Softmax(dim=None)), repr(nn.LogSoftmax(-1))]
torch.manual_seed(2)
r["emb_freeze"] = err(lambda: nn.Embedding(4, 2, _freeze=True)) or nn.Embedding(4, 2, _freeze=True).weight.requires_grad
r["emb_pre"] = [nn.Embedding.from_pretrained(torch.ones(2, 2)).weight.requires_grad, nn.Embedding.from_pretrained(torch.ones(2, 2), freeze=False).weight.requires_grad]
out = r
`);
  function err(f: () => unknown): [string, string] | null {
    try { f(); return null; } catch (e) { return [(e as Error).name, (e as Error).message]; }
  }
  function layer(make: () => nn.Module, shape: number[], seed: number) {
    torch.manual_seed(seed);
    const m = make() as any;
    const x = torch.randn(shape, { requires_grad: true });
    const y = m(x);
    y.mul(torch.randn(y.shape)).sum().backward();
    return { m, x, y };
  }
  function check(w: any, make: () => nn.Module, shape: number[], seed: number) {
    if (w.err) { expect(err(make)).toEqual(w.err); return; }
    const { m, x, y } = layer(make, shape, seed);
    expect(inspect(m)).toBe(w.repr);
    expect(Object.keys(m.state_dict())).toEqual(w.keys);
    expect(m.named_parameters().map(([n]: [string]) => n)).toEqual(w.params);
    expect(m.bias).toBe(null);
    expect(w.bias).toBe(null);
    expectClose(y, w.y, 1e-5);
    expectClose(x.grad, w.xg, 1e-5);
    expectClose(m.weight.grad, w.wg, 1e-5);
  }

  it("LayerNorm(bias=false) (2.1): no bias parameter, forward and gradients, repr", () => {
    check(want.ln_nobias, () => new nn.LayerNorm([3, 4], { bias: false }), [2, 3, 4], 0);
    // 2.1: the 4th positional argument is bias (1.13: device, where false fails)
    const pos = err(() => new (nn.LayerNorm as any)(4, 1e-5, true, false));
    if (Array.isArray(want.ln_positional)) expect(pos?.[0]).toBe(want.ln_positional[0]);
    else expect(pos ?? inspect(new (nn.LayerNorm as any)(4, 1e-5, true, false))).toBe(want.ln_positional);
    expect([inspect(new nn.LayerNorm(4)), inspect(new nn.LayerNorm([2, 3], { eps: 1e-3, elementwise_affine: false }))]).toEqual(want.ln_repr);
  });

  it("BatchNorm's keyword-only bias (2.12)", () => {
    check(want.bn_nobias, () => new nn.BatchNorm1d(3, { bias: false }), [5, 3], 1);
    const noaffine = err(() => new nn.BatchNorm2d(3, { affine: false, bias: true })) ?? inspect(new nn.BatchNorm2d(3, { affine: false, bias: true }));
    expect(noaffine).toEqual(want.bn_noaffine_bias);
    // bias is keyword-only: an 8th positional argument is one too many
    expect(err(() => new (nn.BatchNorm1d as any)(3, 1e-5, 0.1, true, true, null, null, false))?.[0]).toBe(want.bn_positional_bias[0]);
  });

  it("ModuleList's repr (2.0 folds runs of equal modules)", () => {
    const lin = new nn.Linear(2, 2);
    const tanh2 = () => new nn.Sequential(new nn.Tanh(), new nn.Tanh());
    const ml = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2), new nn.ReLU(), new nn.Linear(2, 2), tanh2(), tanh2(), tanh2()]);
    class Net extends nn.Module {
      blocks = new nn.ModuleList([0, 1, 2].map(() => new nn.Linear(4, 4)));
      head = new nn.Linear(4, 1);
    }
    expect([inspect(ml), inspect(new nn.ModuleList()), inspect(new nn.ModuleList([lin, lin])), inspect(new Net())]).toEqual(want.ml);
    expect(String(new Net())).toBe(want.ml[3]);
  });

  it("Softmax / LogSoftmax check dim (2.14)", () => {
    expect([err(() => new nn.Softmax({ dim: 1.5 })), err(() => new nn.LogSoftmax("x" as any)), err(() => new nn.Softmax(true as any)),
      inspect(new nn.Softmax({ dim: null })), inspect(new nn.LogSoftmax(-1))]).toEqual(want.softmax);
  });

  it("Embedding's _freeze (2.0); from_pretrained's freeze", () => {
    torch.manual_seed(2);
    expect(err(() => new nn.Embedding(4, 2, { _freeze: true } as any)) ?? new nn.Embedding(4, 2, { _freeze: true } as any).weight.requires_grad).toEqual(want.emb_freeze);
    expect([nn.Embedding.from_pretrained(torch.ones(2, 2)).weight.requires_grad, nn.Embedding.from_pretrained(torch.ones(2, 2), { freeze: false }).weight.requires_grad]).toEqual(want.emb_pre);
  });
});

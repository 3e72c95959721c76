// LayerNorm, Embedding, ModuleDict against Python: seeded init, forward, gradients, repr, keys.
import { describe, it, expect, beforeAll } from "vitest";
import { inspect } from "node:util";
import torch, { nn } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py } from "../helpers/python";
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

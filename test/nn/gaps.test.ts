// The last torch.nn names against Python of the linked version: ParameterDict,
// AdaptiveLogSoftmaxWithLoss, F.normalize and F.pdist, nn.utils' fusion, memory-format and
// skip_init, and the in-place functional activations through ATen's own in-place ops.
import { describe, it, expect, beforeAll } from "vitest";
import torch, { nn, Tensor } from "../../lib/index";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "./helpers";
import { memory_format } from "../../lib/dtype";

// torch.channels_last_3d is not exported yet: c10's MemoryFormat::ChannelsLast3d
const channels_last_3d = new memory_format("channels_last_3d", 3);

const U = nn.utils as any, F = nn.functional as any, NN = nn as any;

const PY = PY_ERR + `
import torch.nn as nn, torch.nn.functional as F, collections
from torch.nn import utils as U
out = {}
def keys(m): return list(m.state_dict().keys())
def grads(m): return {k: v.grad for k, v in m.named_parameters()}
# ParameterDict
torch.manual_seed(0)
pd = nn.ParameterDict({'b': torch.randn(2, 3), 'a': nn.Parameter(torch.randn(2)), 'c': 3})
pd['d'] = torch.zeros(1, 2, dtype=torch.float64)
od = nn.ParameterDict(collections.OrderedDict([('z', torch.ones(2)), ('y', torch.ones(1))]))
lp = nn.ParameterDict([('q', torch.ones(3)), ('p', torch.ones(4))])
out['pd'] = {'repr': repr(pd), 'keys': keys(pd), 'list': list(pd), 'len': len(pd), 'b': pd['b'], 'od': list(od), 'lp': list(lp), 'od_repr': repr(od), 'empty': repr(nn.ParameterDict())}
out['pd_pop'] = [list(pd.popitem()[0]), pd.pop('a'), list(pd.keys()), 'a' in pd, pd.get('a', 5), keys(pd), repr(pd.copy())]
out['pd_errs'] = [err(lambda: pd.update(3)), err(lambda: pd.update([('x', 1, 2)])), err(lambda: pd.update([3])), err(lambda: pd.__setitem__(1, torch.ones(1))), err(lambda: pd(1))]
# AdaptiveLogSoftmaxWithLoss
torch.manual_seed(1)
m = nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6], div_value=2.0)
sd = {k: v.clone() for k, v in m.state_dict().items()}
x = torch.randn(5, 8); t = torch.tensor([0, 4, 9, 2, 7])
r = m(x, t); r.loss.backward()
out['asm'] = {'repr': repr(m), 'sd': sd, 'output': r.output, 'loss': r.loss, 'grads': grads(m), 'log_prob': m.log_prob(x), 'predict': m.predict(x), 'predict_tail': m.predict(x * 30), 'fields': list(r._fields)}
u = m(x[1], t[1]); out['asm_unbatched'] = [u.output, u.loss]
torch.manual_seed(2); m2 = nn.AdaptiveLogSoftmaxWithLoss(6, 7, [2], head_bias=True); out['asm2'] = {'repr': repr(m2), 'keys': keys(m2), 'log_prob': m2.log_prob(torch.ones(2, 6))}
out['asm_errs'] = [err(lambda: nn.AdaptiveLogSoftmaxWithLoss(8, 10, [6, 3])), err(lambda: nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 10])), err(lambda: nn.AdaptiveLogSoftmaxWithLoss(8, 10, [])),
  err(lambda: m(x, torch.tensor([0, 1, 2, 3, 10]))), err(lambda: m(x, t[:3])), err(lambda: m(x, t.view(5, 1))), err(lambda: m(x[0], t[:2]))]
# normalize, pdist
torch.manual_seed(3)
a = torch.randn(4, 5, requires_grad=True)
y = F.normalize(a); y.pow(3).sum().backward()
o = torch.empty(4, 5)
out['normalize'] = {'y': y, 'g': a.grad, 'p1': F.normalize(a, p=1, dim=0), 'eps': F.normalize(torch.zeros(2, 3)), 'out': F.normalize(a.detach(), 2, 1, 1e-12, o), 'out_same': o, 'fn': type(y.grad_fn).__name__}
b = torch.randn(5, 3, requires_grad=True); d = F.pdist(b); d.sum().backward()
out['pdist'] = {'d': d, 'g': b.grad, 'p1': F.pdist(b, 1), 'pinf': F.pdist(b, float('inf'))}
# fusion
torch.manual_seed(4)
conv = nn.Conv2d(2, 3, 3); bn = nn.BatchNorm2d(3); bn(torch.randn(4, 3, 5, 5) * 2 + 1); conv.eval(); bn.eval()
fc = U.fuse_conv_bn_eval(conv, bn); xi = torch.randn(2, 2, 6, 6)
out['fuse_conv'] = {'w': fc.weight, 'b': fc.bias, 'y': fc(xi), 'repr': repr(fc), 'rg': [fc.weight.requires_grad, fc.bias.requires_grad], 'same': fc is conv}
ct = nn.ConvTranspose2d(3, 2, 2, bias=False); bn2 = nn.BatchNorm2d(2, affine=False); bn2(torch.randn(3, 2, 4, 4)); ct.eval(); bn2.eval()
fct = U.fuse_conv_bn_eval(ct, bn2, transpose=True)
out['fuse_convt'] = {'w': fct.weight, 'b': fct.bias, 'keys': keys(fct)}
w, bb = U.fuse_conv_bn_weights(conv.weight, None, bn.running_mean, bn.running_var, 1e-3, None, None)
out['fuse_w'] = [w, bb, type(w).__name__]
conv.train(); out['fuse_err'] = err(lambda: U.fuse_conv_bn_eval(conv, bn))
lin = nn.Linear(4, 3); bn1 = nn.BatchNorm1d(3); bn1(torch.randn(6, 3)); lin.eval(); bn1.eval()
try:
    fl = U.fuse_linear_bn_eval(lin, bn1); xl = torch.randn(2, 4)
    out['fuse_lin'] = {'w': fl.weight, 'b': fl.bias, 'y': fl(xl), 'x': xl, 'err': err(lambda: U.fuse_linear_bn_eval(lin, nn.BatchNorm1d(5).eval()))}
except AttributeError as e:
    out['fuse_lin'] = ['AttributeError', str(e)]
# memory format
torch.manual_seed(5)
s = nn.Sequential(nn.Conv2d(2, 3, 3), nn.ReLU(), nn.Sequential(nn.ConvTranspose2d(3, 4, 2)), nn.Conv3d(1, 2, 2))
U.convert_conv2d_weight_memory_format(s, torch.channels_last)
out['mf'] = [s[0].weight.stride(), s[2][0].weight.stride(), s[3].weight.stride(), type(s[0].weight).__name__, s[0].weight]
try:
    U.convert_conv3d_weight_memory_format(s, torch.channels_last_3d); out['mf3'] = s[3].weight.stride()
except AttributeError as e:
    out['mf3'] = ['AttributeError', str(e)]
# skip_init
sk = U.skip_init(nn.Linear, 3, 2, bias=False)
out['skip'] = {'repr': repr(sk), 'keys': keys(sk), 'dev': str(sk.weight.device), 'type': type(sk.weight).__name__, 'shape': list(sk.weight.shape), 'rg': sk.weight.requires_grad,
  'err': err(lambda: U.skip_init(int, 3)), 'err2': err(lambda: U.skip_init(nn.ReLU))}
# in-place activations
torch.manual_seed(6)
v = torch.randn(6) * 4
res = {}
for name, f in [('relu6', lambda z: F.relu6(z, inplace=True)), ('celu', lambda z: F.celu(z, 0.7, inplace=True)), ('celu_', lambda z: F.celu_(z, 1.5)),
                ('hardsigmoid', lambda z: F.hardsigmoid(z, inplace=True)), ('mish', lambda z: F.mish(z, inplace=True)), ('hardswish', lambda z: F.hardswish(z, inplace=True)),
                ('rrelu', lambda z: F.rrelu(z, training=True, inplace=True)), ('rrelu_', lambda z: F.rrelu_(z, 0.1, 0.3, True)),
                ('alpha_dropout', lambda z: F.alpha_dropout(z, 0.4, True, inplace=True)), ('feature_alpha_dropout', lambda z: F.feature_alpha_dropout(z.view(2, 3, 1), 0.5, True, inplace=True))]:
    leaf = v.clone().requires_grad_(); z = leaf * 1; torch.manual_seed(7); r = f(z); r.sum().backward()
    res[name] = {'y': z, 'g': leaf.grad, 'fn': type(r.grad_fn).__name__, 'r': r}
out['inplace'] = res
# orthogonal without trivialization: assignment through geqrf, matrix_exp and householder_product forwards
import torch.nn.utils.parametrizations as PS
orth = {}
for key, shape, omap in [('tall', (5, 3), 'householder'), ('wide', (3, 5), 'householder'), ('square', (4, 4), 'matrix_exp'), ('cayley', (4, 4), 'cayley')]:
    torch.manual_seed(8); m = nn.Linear(shape[1], shape[0]); PS.orthogonal(m, orthogonal_map=omap, use_trivialization=False)
    r = {'w0': m.weight, 'keys': keys(m)}
    x = torch.randn(2, shape[1]); y = m(x); y.pow(2).sum().backward(); r['y'] = y; r['g'] = m.parametrizations.weight.original.grad
    Q = torch.linalg.qr(torch.randn(max(shape), min(shape)))[0]
    if shape[0] < shape[1]: Q = Q.mT
    e = err(lambda: setattr(m, 'weight', Q))
    r['assign'] = e if e else [m.parametrizations.weight.original, m.weight, Q]
    orth[key] = r
out['orth'] = orth
# interpolate(mode='lanczos') (2.13): Lanczos-3 antialiased resampling, CPU only
torch.manual_seed(9)
li = torch.randn(2, 3, 9, 7, requires_grad=True)
def lanczos():
    y = F.interpolate(li, size=(4, 11), mode='lanczos', antialias=True); y.pow(2).sum().backward(); return [y, li.grad, F.interpolate(li.detach(), scale_factor=0.5, mode='lanczos', antialias=True)]
e = err(lanczos)
out['lanczos'] = {'r': e, 'errs': [err(lambda: F.interpolate(li, size=(4, 4), mode='lanczos')), err(lambda: F.interpolate(li, size=(4, 4), mode='lanczos', antialias=True, align_corners=True))]}
if not e:
    li.grad = None; out['lanczos']['r'] = lanczos()
`;

let ref: any;
beforeAll(() => { ref = py(PY); });
const err = (f: () => unknown) => { try { f(); return null; } catch (e: any) { return [e.name === "Error" ? "RuntimeError" : e.name, e.message]; } };
const keys = (m: nn.Module) => Object.keys(m.state_dict());
const grads = (m: nn.Module) => Object.fromEntries(m.named_parameters().map(([k, v]) => [k, v.grad]));
function closeAll(got: Record<string, any>, exp: Record<string, any>) {
  expect(Object.keys(got)).toEqual(Object.keys(exp));
  for (const k of Object.keys(exp)) {
    if (exp[k] && typeof exp[k] === "object" && "tensor" in exp[k]) expectClose(got[k], exp[k]);
    else if (exp[k] && typeof exp[k] === "object" && !Array.isArray(exp[k])) closeAll(got[k], exp[k]);
    else expect(got[k], k).toEqual(exp[k]);
  }
}

describe("nn gaps against Python", () => {
  it("ParameterDict: sorted dicts, ordered Maps, pairs, repr, state_dict, pop and errors", () => {
    torch.manual_seed(0);
    const pd = new NN.ParameterDict({ b: torch.randn(2, 3), a: new nn.Parameter(torch.randn(2)), c: 3 });
    pd.set("d", torch.zeros([1, 2], { dtype: torch.float64 }));
    const od = new NN.ParameterDict(new Map([["z", torch.ones(2)], ["y", torch.ones(1)]]));
    const lp = new NN.ParameterDict([["q", torch.ones(3)], ["p", torch.ones(4)]]);
    closeAll({ repr: String(pd), keys: keys(pd), list: [...pd], len: pd.length, b: pd.get("b"), od: [...od], lp: [...lp], od_repr: String(od), empty: String(new NN.ParameterDict()) }, ref.pd);
    const got = [[...pd.popitem()[0]], pd.pop("a"), pd.keys(), pd.has("a"), pd.get("a", 5), keys(pd), String(pd.copy())];
    expect(got.length).toBe(ref.pd_pop.length);
    expect(got[0]).toEqual(ref.pd_pop[0]);
    expectClose(got[1], ref.pd_pop[1]);
    expect(got.slice(2)).toEqual(ref.pd_pop.slice(2));
    expect([err(() => pd.update(3)), err(() => pd.update([["x", 1, 2]])), err(() => pd.update([3])), err(() => pd.set(1, torch.ones(1))), err(() => pd(1))]).toEqual(ref.pd_errs);
  });

  it("AdaptiveLogSoftmaxWithLoss: init, forward, loss, gradients, log_prob, predict, repr and errors", () => {
    torch.manual_seed(1);
    const m = new NN.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6], { div_value: 2.0 });
    const sd = Object.fromEntries(Object.entries(m.state_dict()).map(([k, v]: [string, any]) => [k, v.clone()]));
    const x = torch.randn(5, 8), t = torch.tensor([0, 4, 9, 2, 7]);
    const r = m(x, t);
    r.loss.backward();
    closeAll({ repr: String(m), sd, output: r.output, loss: r.loss, grads: grads(m), log_prob: m.log_prob(x), predict: m.predict(x), predict_tail: m.predict(x.mul(30)), fields: Object.keys(r).filter((k) => isNaN(Number(k))) }, ref.asm);
    expect(r[0]).toBe(r.output);
    const u = m(x.index(1), t.index(1));
    expectClose(u.output, ref.asm_unbatched[0]);
    expectClose(u.loss, ref.asm_unbatched[1]);
    torch.manual_seed(2);
    const m2 = new NN.AdaptiveLogSoftmaxWithLoss(6, 7, [2], { head_bias: true });
    closeAll({ repr: String(m2), keys: keys(m2), log_prob: m2.log_prob(torch.ones(2, 6)) }, ref.asm2);
    expect([err(() => new NN.AdaptiveLogSoftmaxWithLoss(8, 10, [6, 3])), err(() => new NN.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 10])), err(() => new NN.AdaptiveLogSoftmaxWithLoss(8, 10, [])),
      err(() => m(x, torch.tensor([0, 1, 2, 3, 10]))), err(() => m(x, t.index(":3"))), err(() => m(x, t.view(5, 1))), err(() => m(x.index(0), t.index(":2")))]).toEqual(ref.asm_errs);
  });

  it("F.normalize and F.pdist: values, gradients, out=", () => {
    torch.manual_seed(3);
    const a = torch.randn(4, 5).requires_grad_();
    const y = F.normalize(a);
    y.pow(3).sum().backward();
    const o = torch.empty(4, 5);
    closeAll({ y, g: a.grad, p1: F.normalize(a, { p: 1, dim: 0 }), eps: F.normalize(torch.zeros(2, 3)), out: F.normalize(a.detach(), 2, 1, 1e-12, o), out_same: o, fn: y.grad_fn!.name() }, ref.normalize);
    const b = torch.randn(5, 3).requires_grad_();
    const d = F.pdist(b);
    d.sum().backward();
    closeAll({ d, g: b.grad, p1: F.pdist(b, 1), pinf: F.pdist(b, Infinity) }, ref.pdist);
  });

  it("nn.utils fusion: conv, transposed conv, linear, weights and the eval-only check", () => {
    torch.manual_seed(4);
    const conv = new nn.Conv2d(2, 3, 3), bn = new nn.BatchNorm2d(3);
    bn(torch.randn(4, 3, 5, 5).mul(2).add(1)); conv.eval(); bn.eval();
    const fc = U.fuse_conv_bn_eval(conv, bn), xi = torch.randn(2, 2, 6, 6);
    closeAll({ w: fc.weight, b: fc.bias, y: fc(xi), repr: String(fc), rg: [fc.weight.requires_grad, fc.bias.requires_grad], same: fc === conv }, ref.fuse_conv);
    const ct = new nn.ConvTranspose2d(3, 2, 2, { bias: false }), bn2 = new nn.BatchNorm2d(2, { affine: false });
    bn2(torch.randn(3, 2, 4, 4)); ct.eval(); bn2.eval();
    const fct = U.fuse_conv_bn_eval(ct, bn2, { transpose: true });
    closeAll({ w: fct.weight, b: fct.bias, keys: keys(fct) }, ref.fuse_convt);
    const [w, bb] = U.fuse_conv_bn_weights(conv.weight, null, (bn as any).running_mean, (bn as any).running_var, 1e-3, null, null);
    expectClose(w, ref.fuse_w[0]); expectClose(bb, ref.fuse_w[1]);
    expect(w.constructor.name).toBe(ref.fuse_w[2]);
    conv.train();
    expect(err(() => U.fuse_conv_bn_eval(conv, bn))).toEqual(ref.fuse_err);
    const lin = new nn.Linear(4, 3), bn1 = new nn.BatchNorm1d(3);
    bn1(torch.randn(6, 3)); lin.eval(); bn1.eval();
    if (Array.isArray(ref.fuse_lin)) { expect(err(() => U.fuse_linear_bn_eval(lin, bn1))).toEqual(ref.fuse_lin); return; }
    const fl = U.fuse_linear_bn_eval(lin, bn1), xl = torch.randn(2, 4);
    closeAll({ w: fl.weight, b: fl.bias, y: fl(xl), x: xl, err: err(() => U.fuse_linear_bn_eval(lin, new nn.BatchNorm1d(5).eval())) }, ref.fuse_lin);
  });

  it("nn.utils memory format and skip_init", () => {
    torch.manual_seed(5);
    const s: any = new nn.Sequential(new nn.Conv2d(2, 3, 3), new nn.ReLU(), new nn.Sequential(new nn.ConvTranspose2d(3, 4, 2)), new nn.Conv3d(1, 2, 2));
    U.convert_conv2d_weight_memory_format(s, (torch as any).channels_last);
    const got = [s[0].weight.stride(), s[2][0].weight.stride(), s[3].weight.stride(), s[0].weight.constructor.name];
    expect(got).toEqual(ref.mf.slice(0, 4));
    expectClose(s[0].weight, ref.mf[4]);
    if (Array.isArray(ref.mf3) && ref.mf3[0] === "AttributeError") expect(err(() => U.convert_conv3d_weight_memory_format(s, channels_last_3d))).toEqual(ref.mf3);
    else { U.convert_conv3d_weight_memory_format(s, channels_last_3d); expect(s[3].weight.stride()).toEqual(ref.mf3); }
    const sk = U.skip_init(nn.Linear, 3, 2, { bias: false });
    const e1 = err(() => U.skip_init(Number, 3)), e2 = err(() => U.skip_init(nn.ReLU));
    closeAll({ repr: String(sk), keys: keys(sk), dev: String(sk.weight.device), type: sk.weight.constructor.name, shape: [...sk.weight.shape], rg: sk.weight.requires_grad,
      err: e1 && [e1[0], e1[1].replace("Number", "int")], err2: e2 }, ref.skip);
  });

  it("in-place functional activations: values, gradients, grad_fn and the same storage", () => {
    torch.manual_seed(6);
    const v = torch.randn(6).mul(4);
    const fs: [string, (z: Tensor) => Tensor][] = [["relu6", (z) => F.relu6(z, { inplace: true })], ["celu", (z) => F.celu(z, 0.7, { inplace: true })], ["celu_", (z) => F.celu_(z, 1.5)],
      ["hardsigmoid", (z) => F.hardsigmoid(z, { inplace: true })], ["mish", (z) => F.mish(z, { inplace: true })], ["hardswish", (z) => F.hardswish(z, { inplace: true })],
      ["rrelu", (z) => F.rrelu(z, { training: true, inplace: true })], ["rrelu_", (z) => F.rrelu_(z, 0.1, 0.3, true)],
      ["alpha_dropout", (z) => F.alpha_dropout(z, 0.4, true, { inplace: true })], ["feature_alpha_dropout", (z) => F.feature_alpha_dropout(z.view(2, 3, 1), 0.5, true, { inplace: true })]];
    const res: Record<string, any> = {};
    for (const [name, f] of fs) {
      const leaf = v.clone().requires_grad_(), z = leaf.mul(1);
      torch.manual_seed(7);
      const r = f(z);
      r.sum().backward();
      res[name] = { y: z, g: leaf.grad, fn: r.grad_fn!.name(), r };
    }
    closeAll(res, ref.inplace);
  });

  it("orthogonal without trivialization: forwards, gradients and assignment as Python's", () => {
    const PS = U.parametrizations;
    const res: Record<string, any> = {};
    for (const [key, shape, omap] of [["tall", [5, 3], "householder"], ["wide", [3, 5], "householder"], ["square", [4, 4], "matrix_exp"], ["cayley", [4, 4], "cayley"]] as [string, number[], string][]) {
      torch.manual_seed(8);
      const m: any = new nn.Linear(shape[1], shape[0]);
      PS.orthogonal(m, { orthogonal_map: omap, use_trivialization: false });
      const r: Record<string, any> = { w0: m.weight, keys: keys(m) };
      const x = torch.randn(2, shape[1]), y = m(x);
      y.pow(2).sum().backward();
      r.y = y; r.g = m.parametrizations.weight.original.grad;
      let Q = (torch as any).linalg_qr(torch.randn(Math.max(...shape), Math.min(...shape)))[0];
      if (shape[0] < shape[1]) Q = Q.mT;
      const e = err(() => { m.weight = Q; });
      r.assign = e ?? [m.parametrizations.weight.original, m.weight, Q];
      res[key] = r;
    }
    for (const k of Object.keys(ref.orth)) {
      const got = res[k], exp = ref.orth[k];
      expectClose(got.w0, exp.w0, 1e-5, 1e-5);
      expect(got.keys).toEqual(exp.keys);
      expectClose(got.y, exp.y, 1e-5, 1e-5);
      expectClose(got.g, exp.g, 1e-5, 1e-5);
      if (typeof exp.assign[0] === "string") expect(got.assign).toEqual(exp.assign);
      else exp.assign.forEach((t: any, i: number) => expectClose(got.assign[i], t, 1e-5, 1e-5));
    }
  });

  it("interpolate(mode='lanczos'): values, gradients and errors", () => {
    torch.manual_seed(9);
    const li = torch.randn(2, 3, 9, 7).requires_grad_();
    const lanczos = () => {
      const y = F.interpolate(li, { size: [4, 11], mode: "lanczos", antialias: true });
      y.pow(2).sum().backward();
      return [y, li.grad, F.interpolate(li.detach(), { scale_factor: 0.5, mode: "lanczos", antialias: true })];
    };
    const exp = ref.lanczos;
    if (typeof exp.r[0] === "string") expect(err(lanczos)).toEqual(exp.r);
    else lanczos().forEach((t, i) => expectClose(t, exp.r[i], 1e-5, 1e-5));
    expect([err(() => F.interpolate(li, { size: [4, 4], mode: "lanczos" })), err(() => F.interpolate(li, { size: [4, 4], mode: "lanczos", antialias: true, align_corners: true }))]).toEqual(exp.errs);
  });

  it("RNNBase.flatten_parameters: a no-op on the CPU (the same weight tensors, same outputs)", () => {
    torch.manual_seed(10);
    const m: any = new nn.LSTM(3, 4, { num_layers: 2 });
    const before = m._flat_weights, x = torch.randn(5, 1, 3), y0 = m(x)[0];
    m.flatten_parameters();
    m._flat_weights.forEach((w: Tensor, i: number) => expect(w).toBe(before[i]));
    expectClose(m(x)[0], y0.tolist(), 0, 0);
  });
  // cuDNN packs the weights into one buffer only on CUDA: this check needs a GPU
  it.skipIf(!(torch as any).cuda.is_available())("RNNBase.flatten_parameters on CUDA: the packed LSTM and GRU give the CPU's outputs and gradients", () => {
    for (const cls of [nn.LSTM, nn.GRU] as any[]) {
      torch.manual_seed(11);
      const m: any = new cls(3, 4, { num_layers: 2, bidirectional: true }), x = torch.randn(5, 2, 3);
      const y = m(x)[0];
      y.sum().backward();
      const grads = m.parameters().map((p: Tensor) => p.grad!.tolist());
      m.zero_grad();
      m.cuda();
      m.flatten_parameters();
      const yc = m(x.cuda())[0];
      yc.sum().backward();
      expectClose(yc.cpu(), y.tolist(), 1e-5, 1e-5);
      m.parameters().forEach((p: Tensor, i: number) => expectClose(p.grad!.cpu(), grads[i], 1e-5, 1e-5));
    }
  });
});

// torch.nn activations, normalization, dropout, embedding, linear and distance layers against the
// linked Python: the same seed gives the same init, forward (train and eval, random draws
// included), gradients, buffers, reprs and state_dict keys; then warnings and argument errors.
import { describe, it, expect, beforeAll, vi } from "vitest";
import { inspect } from "node:util";
import torch, { nn, type Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { V } from "../../lib/version";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "./helpers";

type Make = () => any;
/** [Python constructor expression, the same in TypeScript, input shape]. */
type Spec = [string, Make, number[]];
const X = [2, 4, 3, 4];

const ACTS: Spec[] = [
  ["nn.Threshold(0.1, 20)", () => new nn.Threshold(0.1, 20), X],
  ["nn.Threshold(0.5, -2, inplace=True)", () => new nn.Threshold(0.5, -2, { inplace: true }), X],
  ["nn.ReLU()", () => new nn.ReLU(), X],
  ["nn.ReLU(inplace=True)", () => new nn.ReLU({ inplace: true }), X],
  ["nn.RReLU(0.1, 0.3)", () => new nn.RReLU(0.1, 0.3), X],
  ["nn.RReLU(inplace=True)", () => new nn.RReLU({ inplace: true }), X],
  ["nn.Hardtanh(-2.0, 2.5)", () => new nn.Hardtanh(-2.0, 2.5), X],
  ["nn.Hardtanh(inplace=True)", () => new nn.Hardtanh({ inplace: true }), X],
  ["nn.ReLU6()", () => new nn.ReLU6(), X],
  ["nn.ReLU6(True)", () => new nn.ReLU6(true), X],
  ["nn.Sigmoid()", () => new nn.Sigmoid(), X],
  ["nn.Hardsigmoid()", () => new nn.Hardsigmoid(), X],
  ["nn.Hardsigmoid(inplace=True)", () => new nn.Hardsigmoid({ inplace: true }), X],
  ["nn.Tanh()", () => new nn.Tanh(), X],
  ["nn.SiLU()", () => new nn.SiLU(), X],
  ["nn.SiLU(True)", () => new nn.SiLU(true), X],
  ["nn.Mish()", () => new nn.Mish(), X],
  ["nn.Mish(inplace=True)", () => new nn.Mish({ inplace: true }), X],
  ["nn.Hardswish()", () => new nn.Hardswish(), X],
  ["nn.Hardswish(True)", () => new nn.Hardswish(true), X],
  ["nn.ELU(alpha=0.5)", () => new nn.ELU({ alpha: 0.5 }), X],
  ["nn.ELU(inplace=True)", () => new nn.ELU({ inplace: true }), X],
  ["nn.CELU(alpha=2.0)", () => new nn.CELU({ alpha: 2.0 }), X],
  ["nn.CELU(1.5, True)", () => new nn.CELU(1.5, true), X],
  ["nn.SELU()", () => new nn.SELU(), X],
  ["nn.SELU(inplace=True)", () => new nn.SELU({ inplace: true }), X],
  ["nn.GLU()", () => new nn.GLU(), X],
  ["nn.GLU(dim=1)", () => new nn.GLU({ dim: 1 }), X],
  ["nn.GELU()", () => new nn.GELU(), X],
  ["nn.GELU(approximate='tanh')", () => new nn.GELU({ approximate: "tanh" }), X],
  ["nn.Hardshrink(0.7)", () => new nn.Hardshrink(0.7), X],
  ["nn.Hardshrink()", () => new nn.Hardshrink(), X],
  ["nn.LeakyReLU(0.2)", () => new nn.LeakyReLU(0.2), X],
  ["nn.LeakyReLU(inplace=True)", () => new nn.LeakyReLU({ inplace: true }), X],
  ["nn.LogSigmoid()", () => new nn.LogSigmoid(), X],
  // 1.13 types beta as an int (its repr prints what was given; a number here prints as 1.13's default does).
  [`nn.Softplus(beta=${V.softplus_float ? "2.0" : "2"}, threshold=1.5)`, () => new nn.Softplus({ beta: 2.0, threshold: 1.5 }), X],
  ["nn.Softplus()", () => new nn.Softplus(), X],
  ["nn.Softshrink(0.3)", () => new nn.Softshrink(0.3), X],
  ["nn.PReLU()", () => new nn.PReLU(), X],
  ["nn.PReLU(4, init=0.1)", () => new nn.PReLU(4, { init: 0.1 }), X],
  ["nn.Softsign()", () => new nn.Softsign(), X],
  ["nn.Tanhshrink()", () => new nn.Tanhshrink(), X],
  ["nn.Softmin(dim=1)", () => new nn.Softmin({ dim: 1 }), X],
  ["nn.Softmax(dim=-1)", () => new nn.Softmax({ dim: -1 }), X],
  ["nn.Softmax2d()", () => new nn.Softmax2d(), X],
  ["nn.Softmax2d()", () => new nn.Softmax2d(), [4, 3, 5]],
  ["nn.LogSoftmax(dim=2)", () => new nn.LogSoftmax({ dim: 2 }), X],
  ["lambda: (lambda x: F.gumbel_softmax(x, tau=0.5))", () => (x: Tensor) => F.gumbel_softmax(x, { tau: 0.5 }), X],
  ["lambda: (lambda x: F.gumbel_softmax(x, hard=True, dim=1))", () => (x: Tensor) => F.gumbel_softmax(x, { hard: true, dim: 1 }), X],
  ["lambda: (lambda x: F.rrelu_(x, 0.2, 0.4, True))", () => (x: Tensor) => F.rrelu_(x, 0.2, 0.4, true), X],
  ["lambda: (lambda x: F.celu_(x, 0.5))", () => (x: Tensor) => F.celu_(x, 0.5), X],
  ["lambda: (lambda x: F.softmin(x, 2, dtype=torch.float64))", () => (x: Tensor) => F.softmin(x, 2, { dtype: torch.float64 }), X],
  ["lambda: (lambda x: F.elu_(x, 0.5))", () => (x: Tensor) => F.elu_(x, 0.5), X],
  ["lambda: (lambda x: F.leaky_relu_(x, 0.3))", () => (x: Tensor) => F.leaky_relu_(x, 0.3), X],
  ["lambda: (lambda x: F.hardtanh_(x, -0.5, 0.5))", () => (x: Tensor) => F.hardtanh_(x, -0.5, 0.5), X],
  ["lambda: (lambda x: F.threshold_(x, 0.2, -1.0))", () => (x: Tensor) => F.threshold_(x, 0.2, -1.0), X],
  ["lambda: (lambda x: F.selu_(x))", () => (x: Tensor) => F.selu_(x), X],
  ["lambda: (lambda x: F.relu_(x))", () => (x: Tensor) => F.relu_(x), X],
  ["lambda: (lambda x: F.rrelu(x, training=True))", () => (x: Tensor) => F.rrelu(x, { training: true }), X],
  ["lambda: (lambda x: F.softplus(x, 0.5, 2.0))", () => (x: Tensor) => F.softplus(x, 0.5, 2.0), X],
];

const NORMS: Spec[] = [
  ["nn.LayerNorm([3, 4])", () => new nn.LayerNorm([3, 4]), X],
  ...(V.layer_norm_bias ? [["nn.LayerNorm(4, bias=False)", () => new nn.LayerNorm(4, { bias: false }), X] as Spec] : []),
  ["nn.GroupNorm(2, 4)", () => new nn.GroupNorm(2, 4), X],
  ["nn.GroupNorm(4, 4, eps=1e-3, affine=False)", () => new nn.GroupNorm(4, 4, { eps: 1e-3, affine: false }), [3, 4, 5]],
  ...(V.group_norm_bias ? [["nn.GroupNorm(1, 4, bias=False)", () => new nn.GroupNorm(1, 4, { bias: false }), X] as Spec] : []),
  ...(V.rms_norm ? [
    ["nn.RMSNorm([3, 4])", () => new nn.RMSNorm([3, 4]), X] as Spec,
    ["nn.RMSNorm(4, eps=1e-3, elementwise_affine=False)", () => new nn.RMSNorm(4, { eps: 1e-3, elementwise_affine: false }), X] as Spec,
  ] : []),
  ["nn.LocalResponseNorm(3)", () => new nn.LocalResponseNorm(3), X],
  ["nn.LocalResponseNorm(2, alpha=0.5, beta=0.5, k=2.0)", () => new nn.LocalResponseNorm(2, { alpha: 0.5, beta: 0.5, k: 2.0 }), [2, 5, 6]],
  ["nn.LocalResponseNorm(4, alpha=0.3)", () => new nn.LocalResponseNorm(4, { alpha: 0.3 }), [2, 5, 2, 3, 2]],
  ["nn.CrossMapLRN2d(3, alpha=0.5, beta=0.75, k=2)", () => new nn.CrossMapLRN2d(3, { alpha: 0.5, beta: 0.75, k: 2 }), [2, 6, 3, 2]],
  ["nn.CrossMapLRN2d(4, alpha=0.3)", () => new nn.CrossMapLRN2d(4, { alpha: 0.3 }), [2, 5, 2, 2]],
  ["nn.BatchNorm1d(4)", () => new nn.BatchNorm1d(4), [5, 4]],
  ["nn.BatchNorm1d(4, momentum=None)", () => new nn.BatchNorm1d(4, { momentum: null }), [3, 4, 5]],
  ["nn.BatchNorm2d(4, affine=False)", () => new nn.BatchNorm2d(4, { affine: false }), X],
  ["nn.BatchNorm2d(4, track_running_stats=False)", () => new nn.BatchNorm2d(4, { track_running_stats: false }), X],
  ["nn.BatchNorm3d(4, eps=1e-3, momentum=0.3)", () => new nn.BatchNorm3d(4, 1e-3, 0.3), [2, 4, 2, 3, 2]],
  ["nn.InstanceNorm1d(4)", () => new nn.InstanceNorm1d(4), [2, 4, 5]],
  ["nn.InstanceNorm1d(4, affine=True)", () => new nn.InstanceNorm1d(4, { affine: true }), [4, 5]],
  ["nn.InstanceNorm2d(4, affine=True, track_running_stats=True)", () => new nn.InstanceNorm2d(4, { affine: true, track_running_stats: true }), X],
  ["nn.InstanceNorm2d(4, 1e-3, 0.2, True, True)", () => new nn.InstanceNorm2d(4, 1e-3, 0.2, true, true), [4, 3, 4]],
  ...(V.instance_norm_num_features ? [["nn.InstanceNorm3d(4, momentum=None, track_running_stats=True)",
    () => new nn.InstanceNorm3d(4, { momentum: null, track_running_stats: true }), [2, 4, 2, 3, 2]] as Spec] : []),
  ...(V.sync_batch_norm_cpu ? [["nn.SyncBatchNorm(4)", () => new nn.SyncBatchNorm(4), X] as Spec] : []),
  ["lambda: (lambda x: F.local_response_norm(x, 3, k=0.5))", () => (x: Tensor) => F.local_response_norm(x, 3, { k: 0.5 }), [2, 5, 4]],
  ["lambda: (lambda x: F.instance_norm(x, eps=1e-3))", () => (x: Tensor) => F.instance_norm(x, { eps: 1e-3 }), X],
];

const DROPS: Spec[] = [
  ["nn.Dropout(0.3)", () => new nn.Dropout(0.3), X],
  ["nn.Dropout(p=0.6, inplace=True)", () => new nn.Dropout({ p: 0.6, inplace: true }), X],
  ["nn.Dropout1d(0.4)", () => new nn.Dropout1d(0.4), [3, 4, 5]],
  ["nn.Dropout1d(0.4, True)", () => new nn.Dropout1d(0.4, true), [4, 5]],
  ["nn.Dropout2d(0.4)", () => new nn.Dropout2d(0.4), X],
  ["nn.Dropout2d(0.5)", () => new nn.Dropout2d(0.5), [3, 6, 4]],
  ["nn.Dropout2d(0.5, inplace=True)", () => new nn.Dropout2d(0.5, true), [6, 8]],
  ["nn.Dropout3d()", () => new nn.Dropout3d(), [2, 4, 2, 3, 2]],
  ["nn.Dropout3d(0.3, True)", () => new nn.Dropout3d(0.3, true), [4, 2, 3, 2]],
  ["nn.AlphaDropout(0.2)", () => new nn.AlphaDropout(0.2), X],
  ["nn.FeatureAlphaDropout(0.3)", () => new nn.FeatureAlphaDropout(0.3), X],
  ["lambda: (lambda x: F.alpha_dropout(x, 0.25, True, True))", () => (x: Tensor) => F.alpha_dropout(x, 0.25, true, true), X],
  ["lambda: (lambda x: F.feature_alpha_dropout(x, 0.4, training=True, inplace=True))", () => (x: Tensor) => F.feature_alpha_dropout(x, 0.4, { training: true, inplace: true }), X],
  ["lambda: (lambda x: F.alpha_dropout(x, 1.0, True))", () => (x: Tensor) => F.alpha_dropout(x, 1.0, true), [3, 4]],
  ["lambda: (lambda x: F.dropout2d(x, 0.5, training=False))", () => (x: Tensor) => F.dropout2d(x, 0.5, { training: false }), X],
];

const SECTIONS = { acts: ACTS, norms: NORMS, drops: DROPS };

// One runner on both sides: seeded construction, parameters perturbed, two training calls, the
// gradient of the second, then the buffers and an eval call.
const PY_RUN = `
import torch.nn as nn, torch.nn.functional as F
def run(i, make, shape):
    torch.manual_seed(i)
    m = make()
    mod = isinstance(m, nn.Module)
    ps = list(m.parameters()) if mod else []
    init = [p.detach().clone() for p in ps]
    with torch.no_grad():
        for p in ps: p.add_(torch.randn(p.shape) * 0.5)
    x = (torch.randn(shape) * 2).requires_grad_()
    m(x * 1)
    y = m(x * 0.5 + 1)
    gy = torch.randn(y.shape)
    (y * gy).sum().backward()
    r = {'init': init, 'y': y, 'xg': x.grad, 'pg': [p.grad for p in ps]}
    if mod:
        r['bufs'] = [b.clone() for b in m.buffers()]
        r['repr'] = repr(m)
        r['keys'] = list(m.state_dict().keys())
        m.eval()
        torch.manual_seed(1000 + i)
        r['ye'] = m(x.detach() * 1)
    return r
`;

function run(i: number, make: Make, shape: number[]) {
  torch.manual_seed(i);
  const m = make();
  const mod = m instanceof nn.Module;
  const ps: Tensor[] = mod ? [...m.parameters()] : [];
  const init = ps.map((p) => p.detach().clone());
  torch.no_grad(() => { for (const p of ps) p.add_(torch.randn(p.shape).mul(0.5)); });
  const x = torch.randn(shape).mul(2).requires_grad_();
  m(x.mul(1));
  const y: Tensor = m(x.mul(0.5).add(1));
  const gy = torch.randn(y.shape);
  y.mul(gy).sum().backward();
  const r: any = { init, y, xg: x.grad, pg: ps.map((p) => p.grad) };
  if (mod) {
    r.bufs = [...m.buffers()].map((b: Tensor) => b.clone());
    r.repr = inspect(m);
    r.keys = Object.keys(m.state_dict());
    m.eval();
    torch.manual_seed(1000 + i);
    r.ye = m(x.detach().mul(1));
  }
  return r;
}

function compare(got: any, want: any) {
  expect(got.init.length).toBe(want.init.length);
  got.init.forEach((t: Tensor, k: number) => expectClose(t, want.init[k]));
  expect(got.y.shape).toEqual(want.y.shape);
  expect(got.y.dtype.name).toBe(want.y.dtype);
  expectClose(got.y, want.y);
  expectClose(got.xg, want.xg, 1e-6, 1e-5);
  got.pg.forEach((t: Tensor, k: number) => expectClose(t, want.pg[k], 1e-6, 1e-5));
  if (want.repr !== undefined) {
    expect(got.repr).toBe(want.repr);
    expect(got.keys).toEqual(want.keys);
    expect(got.bufs.length).toBe(want.bufs.length);
    got.bufs.forEach((t: Tensor, k: number) => expectClose(t, want.bufs[k]));
    expectClose(got.ye, want.ye);
  }
}

let ref: any;
beforeAll(() => {
  const lists = Object.entries(SECTIONS).map(([name, specs]) => {
    const items = specs.map(([p, , s]) => `(${p.startsWith("lambda") ? p : `lambda: ${p}`}, ${JSON.stringify(s)})`);
    return `out['${name}'] = [run(i, make, shape) for i, (make, shape) in enumerate([${items.join(", ")}])]`;
  });
  ref = py(PY_ERR + PY_RUN + "out = {}\n" + lists.join("\n") + "\n" + PY_REST);
}, 120_000);

// ---- the rest: warnings, embedding, linear, distance, errors ----
const PY_REST = `
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('default')
    torch.manual_seed(5)
    a = torch.ones(2, 3, 4)
    d2 = [F.dropout2d(a, 0.5), F.dropout2d(a, 0.5), F.dropout2d(torch.ones(4, 6), 0.5), F.dropout2d(torch.ones(4, 6), 0.5), F.dropout3d(torch.ones(2, 3), 0.5)]
    ht = nn.Hardtanh(min_value=-3.0, max_value=2.0)
    bag_w = F.embedding_bag(torch.randn(5, 2), torch.tensor([0, 1, 4]), torch.tensor([0, 2]))
out['warn'] = {'msgs': [[type(x.message).__name__ if isinstance(x.message, Warning) else '', str(x.message)] for x in w], 'd2': d2, 'ht': repr(ht), 'bag_w': bag_w}
if ${V.instance_norm_num_features ? "True" : "False"}:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('default')
        y = nn.InstanceNorm1d(3)(torch.randn(2, 4, 5))
    out['in_warn'] = [str(x.message) for x in w]

torch.manual_seed(7)
bags = {}
for mode in ['sum', 'mean', 'max']:
    bag = nn.EmbeddingBag(10, 3, mode=mode)
    idx = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]); off = torch.tensor([0, 4, 4])
    y = bag(idx, off); (y * torch.arange(y.numel()).view(y.shape)).sum().backward()
    bags[mode] = {'w0': bag.weight.detach().clone(), 'y': y, 'g': bag.weight.grad, 'repr': repr(bag)}
bag = nn.EmbeddingBag(8, 2, mode='sum', padding_idx=-2, include_last_offset=True)
psw = torch.rand(6, requires_grad=True)
y = bag(torch.tensor([0, 6, 2, 6, 7, 1]), torch.tensor([0, 2, 5, 6]), per_sample_weights=psw); y.pow(2).sum().backward()
bags['psw'] = {'w0': bag.weight.detach().clone(), 'y': y, 'g': bag.weight.grad, 'pg': psw.grad, 'repr': repr(bag)}
bag = nn.EmbeddingBag(6, 3, max_norm=1.0, norm_type=1.5, scale_grad_by_freq=True)
y = bag(torch.tensor([[0, 1, 1], [5, 4, 1]])); y.sum().backward()
bags['2d'] = {'w0': bag.weight.detach().clone(), 'y': y, 'g': bag.weight.grad, 'repr': repr(bag)}
pre = nn.EmbeddingBag.from_pretrained(torch.arange(12.).view(4, 3), freeze=False, mode='max', padding_idx=1)
bags['pre'] = {'y': pre(torch.tensor([[0, 1], [3, 2]])), 'rg': pre.weight.requires_grad, 'repr': repr(pre)}
bags['F'] = F.embedding_bag(torch.tensor([1, 2, 0]), torch.arange(8.).view(4, 2), torch.tensor([0, 1]), mode='sum')
emb = nn.Embedding.from_pretrained(torch.arange(8.).view(4, 2), freeze=False, padding_idx=0, max_norm=3.0)
y = emb(torch.tensor([0, 3, 3])); y.sum().backward()
bags['emb'] = {'y': y, 'w': emb.weight.detach(), 'g': emb.weight.grad, 'repr': repr(emb)}
out['bags'] = bags

torch.manual_seed(8)
bl = nn.Bilinear(3, 4, 5); x1 = torch.randn(6, 3, requires_grad=True); x2 = torch.randn(6, 4, requires_grad=True)
y = bl(x1, x2); y.pow(2).sum().backward()
bl2 = nn.Bilinear(2, 2, 3, bias=False)
out['bilinear'] = {'w': bl.weight.detach().clone(), 'b': bl.bias.detach().clone(), 'y': y, 'g1': x1.grad, 'g2': x2.grad, 'gw': bl.weight.grad, 'gb': bl.bias.grad,
  'repr': repr(bl), 'repr2': repr(bl2), 'keys2': list(bl2.state_dict().keys()), 'w2': bl2.weight, 'id': repr(nn.Identity(3, foo=1))}
a = torch.randn(4, 5, requires_grad=True); b = torch.randn(4, 5, requires_grad=True)
pd = nn.PairwiseDistance(p=1.0, keepdim=True)(a, b); cs = nn.CosineSimilarity(dim=0, eps=1e-6)(a, b); (pd.sum() + cs.sum()).backward()
out['dist'] = {'pd': pd, 'cs': cs, 'ga': a.grad, 'gb': b.grad, 'pd2': F.pairwise_distance(a, b, 3.0), 'cs2': F.cosine_similarity(a, b),
  'reprs': [repr(nn.PairwiseDistance()), repr(nn.CosineSimilarity())]}

out['reprs'] = [repr(m) for m in [nn.SyncBatchNorm(4, momentum=None, affine=False), nn.SyncBatchNorm(3, process_group=None, eps=1e-3),
  nn.InstanceNorm3d(5), nn.EmbeddingBag(5, 2, norm_type=3.0, mode='max', padding_idx=0), nn.Hardtanh(-1.5, 0.5, True), nn.RReLU(),
  nn.Softplus(), nn.Dropout3d(0.25, True), nn.AlphaDropout(), nn.LocalResponseNorm(5, k=2.0), nn.CrossMapLRN2d(5), nn.Threshold(0.5, 1.5, True),
  nn.PReLU(3), nn.GLU(-2), nn.GroupNorm(2, 6, affine=False), nn.FeatureAlphaDropout(0.1), nn.Dropout1d()]]
torch.manual_seed(3)
net = nn.Sequential(nn.Conv2d(2, 4, 3), nn.BatchNorm2d(4), nn.Sequential(nn.BatchNorm1d(4, affine=False)))
net[1].running_mean.add_(1.5)
sync = nn.SyncBatchNorm.convert_sync_batchnorm(net)
out['sync'] = {'repr': repr(sync), 'keys': list(sync.state_dict().keys()), 'rm': sync[1].running_mean}
out['in_load'] = err(lambda: nn.InstanceNorm1d(3).load_state_dict({'running_mean': torch.zeros(3), 'running_var': torch.ones(3)}))
x = torch.randn(2, 3)
e = [
  err(lambda: nn.Hardtanh(2.0, 1.0)),
  err(lambda: F.hardtanh(x, 2.0, 1.0)),
  err(lambda: nn.Softmax2d()(x)),
  err(lambda: nn.GroupNorm(3, 5)),
  err(lambda: nn.Dropout(p=1.5)),
  err(lambda: F.dropout(x, -0.1)),
  err(lambda: F.dropout1d(torch.ones(2, 3, 4, 5))),
  err(lambda: F.glu(torch.tensor(1.0))),
  err(lambda: nn.Embedding(5, 2, padding_idx=5)),
  err(lambda: nn.EmbeddingBag(5, 2, padding_idx=-6)),
  err(lambda: nn.EmbeddingBag(5, 2, mode='avg')(torch.tensor([1, 2]), torch.tensor([0]))),
  err(lambda: nn.EmbeddingBag(5, 2, mode='mean')(torch.tensor([1, 2]), torch.tensor([0]), torch.ones(2))),
  err(lambda: nn.EmbeddingBag(5, 2)(torch.tensor([1, 2]))),
  err(lambda: nn.EmbeddingBag(5, 2)(torch.tensor([[1, 2]]), torch.tensor([0]))),
  err(lambda: nn.EmbeddingBag.from_pretrained(torch.ones(3))),
  err(lambda: nn.InstanceNorm1d(3, affine=True)(torch.randn(2, 4, 5))),
  err(lambda: nn.InstanceNorm2d(3)(torch.randn(3, 4))),
  err(lambda: nn.InstanceNorm1d(3)(torch.randn(2, 3, 1))),
  err(lambda: nn.BatchNorm3d(3)(torch.randn(2, 3, 4))),
  err(lambda: nn.BatchNorm1d(3)(torch.randn(1, 3))),
  err(lambda: nn.SyncBatchNorm(3)(torch.randn(2))),
  err(lambda: nn.SyncBatchNorm(3)(torch.randn(4, 3))),
  err(lambda: nn.LocalResponseNorm(2)(x)),
  err(lambda: nn.CrossMapLRN2d(3)(torch.randn(2, 3, 4))),
  err(lambda: nn.Softmax(dim=1.5)),
  err(lambda: F.group_norm(torch.randn(6), 2)),
  err(lambda: F.rms_norm(x, [3])),
  err(lambda: nn.RMSNorm(3)),
  err(lambda: nn.InstanceNorm1d(2, momentum=None)(torch.randn(2, 3))),
]
out['errs'] = e
`;

const errOf = (e: any) => [e.name === "Error" ? "RuntimeError" : e.name, e.message];
const err = (f: () => unknown) => { try { f(); return null; } catch (e) { return errOf(e); } };

describe("warnings, embeddings, linear, distance, errors", () => {
  it("dropout2d of 3-D (N, C, L) and 2-D input and dropout3d of 2-D input: Python's values and warnings, each once; Hardtanh's min_value/max_value", () => {
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      torch.manual_seed(5);
      const a = torch.ones(2, 3, 4);
      const d2 = [F.dropout2d(a, 0.5), F.dropout2d(a, 0.5), F.dropout2d(torch.ones(4, 6), 0.5), F.dropout2d(torch.ones(4, 6), 0.5), F.dropout3d(torch.ones(2, 3), 0.5)];
      const ht = new nn.Hardtanh({ min_value: -3.0, max_value: 2.0 });
      const bag_w = F.embedding_bag(torch.randn(5, 2), torch.tensor([0, 1, 4]), torch.tensor([0, 2]));
      d2.forEach((t, k) => expectClose(t, ref.warn.d2[k]));
      expect(inspect(ht)).toBe(ref.warn.ht);
      expectClose(bag_w, ref.warn.bag_w);
      expect(spy.mock.calls.map((c) => [c[1], c[0]])).toEqual(ref.warn.msgs);
      if (V.instance_norm_num_features) {
        spy.mockClear();
        new nn.InstanceNorm1d(3)(torch.randn(2, 4, 5));
        expect(spy.mock.calls.map((c) => c[0])).toEqual(ref.in_warn);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it("EmbeddingBag: sum, mean and max bags with offsets, per_sample_weights, include_last_offset, padding_idx, 2-D input, max_norm, from_pretrained", () => {
    const b = ref.bags;
    torch.manual_seed(7);
    for (const mode of ["sum", "mean", "max"]) {
      const bag = new nn.EmbeddingBag(10, 3, { mode });
      expectClose(bag.weight, b[mode].w0);
      const y = bag(torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 4, 4]));
      y.mul(torch.arange(y.numel()).view(y.shape)).sum().backward();
      expectClose(y, b[mode].y);
      expectClose(bag.weight.grad!, b[mode].g);
      expect(inspect(bag)).toBe(b[mode].repr);
    }
    let bag = new nn.EmbeddingBag(8, 2, { mode: "sum", padding_idx: -2, include_last_offset: true });
    const psw = torch.rand(6, { requires_grad: true });
    let y = bag(torch.tensor([0, 6, 2, 6, 7, 1]), torch.tensor([0, 2, 5, 6]), psw);
    y.pow(2).sum().backward();
    expectClose(bag.weight, b.psw.w0);
    expectClose(y, b.psw.y);
    expectClose(bag.weight.grad!, b.psw.g);
    expectClose(psw.grad!, b.psw.pg);
    expect(inspect(bag)).toBe(b.psw.repr);
    bag = new nn.EmbeddingBag(6, 3, { max_norm: 1.0, norm_type: 1.5, scale_grad_by_freq: true });
    y = bag(torch.tensor([[0, 1, 1], [5, 4, 1]]));
    y.sum().backward();
    expectClose(bag.weight, b["2d"].w0);
    expectClose(y, b["2d"].y);
    expectClose(bag.weight.grad!, b["2d"].g);
    expect(inspect(bag)).toBe(b["2d"].repr);
    const pre = nn.EmbeddingBag.from_pretrained(torch.arange(12, { dtype: torch.float32 }).view(4, 3), { freeze: false, mode: "max", padding_idx: 1 });
    expectClose(pre(torch.tensor([[0, 1], [3, 2]])), b.pre.y);
    expect(pre.weight.requires_grad).toBe(b.pre.rg);
    expect(inspect(pre)).toBe(b.pre.repr);
    expectClose(F.embedding_bag(torch.tensor([1, 2, 0]), torch.arange(8, { dtype: torch.float32 }).view(4, 2), torch.tensor([0, 1]), { mode: "sum" }), b.F);
    const emb = nn.Embedding.from_pretrained(torch.arange(8, { dtype: torch.float32 }).view(4, 2), { freeze: false, padding_idx: 0, max_norm: 3.0 });
    const ye = emb(torch.tensor([0, 3, 3]));
    ye.sum().backward();
    expectClose(ye, b.emb.y);
    expectClose(emb.weight, b.emb.w);
    expectClose(emb.weight.grad!, b.emb.g);
    expect(inspect(emb)).toBe(b.emb.repr.replace("max_norm=3.0", "max_norm=3"));
  });

  it("Bilinear: seeded init, forward, gradients, repr, keys; Identity; PairwiseDistance and CosineSimilarity", () => {
    const r = ref.bilinear;
    torch.manual_seed(8);
    const bl = new nn.Bilinear(3, 4, 5);
    const x1 = torch.randn([6, 3], { requires_grad: true }), x2 = torch.randn([6, 4], { requires_grad: true });
    const y = bl(x1, x2);
    y.pow(2).sum().backward();
    const bl2 = new nn.Bilinear(2, 2, 3, { bias: false });
    expectClose(bl.weight, r.w);
    expectClose(bl.bias!, r.b);
    expectClose(y, r.y, 1e-5);
    expectClose(x1.grad!, r.g1, 1e-5, 1e-5);
    expectClose(x2.grad!, r.g2, 1e-5, 1e-5);
    expectClose(bl.weight.grad!, r.gw, 1e-5, 1e-5);
    expectClose(bl.bias!.grad!, r.gb, 1e-5, 1e-5);
    expect(inspect(bl)).toBe(r.repr);
    expect(inspect(bl2)).toBe(r.repr2);
    expect(Object.keys(bl2.state_dict())).toEqual(r.keys2);
    expectClose(bl2.weight, r.w2);
    expect(inspect(new nn.Identity(3, { foo: 1 }))).toBe(r.id);
    const d = ref.dist;
    const a = torch.randn([4, 5], { requires_grad: true }), b = torch.randn([4, 5], { requires_grad: true });
    const pd = new nn.PairwiseDistance({ p: 1.0, keepdim: true })(a, b), cs = new nn.CosineSimilarity({ dim: 0, eps: 1e-6 })(a, b);
    pd.sum().add(cs.sum()).backward();
    expectClose(pd, d.pd);
    expectClose(cs, d.cs);
    expectClose(a.grad!, d.ga, 1e-6, 1e-5);
    expectClose(b.grad!, d.gb, 1e-6, 1e-5);
    expectClose(F.pairwise_distance(a, b, 3.0), d.pd2);
    expectClose(F.cosine_similarity(a, b), d.cs2);
    expect([inspect(new nn.PairwiseDistance()), inspect(new nn.CosineSimilarity())]).toEqual(d.reprs);
  });

  it("reprs; convert_sync_batchnorm; InstanceNorm refuses an old checkpoint's running stats", () => {
    const reprs = [new nn.SyncBatchNorm(4, { momentum: null, affine: false }), new nn.SyncBatchNorm(3, { process_group: null, eps: 1e-3 }),
      new nn.InstanceNorm3d(5), new nn.EmbeddingBag(5, 2, { norm_type: 3.0, mode: "max", padding_idx: 0 }), new nn.Hardtanh(-1.5, 0.5, true), new nn.RReLU(),
      new nn.Softplus(), new nn.Dropout3d(0.25, true), new nn.AlphaDropout(), new nn.LocalResponseNorm(5, { k: 2.0 }), new nn.CrossMapLRN2d(5), new nn.Threshold(0.5, 1.5, true),
      new nn.PReLU(3), new nn.GLU(-2), new nn.GroupNorm(2, 6, { affine: false }), new nn.FeatureAlphaDropout(0.1), new nn.Dropout1d()].map((m) => inspect(m));
    expect(reprs).toEqual(ref.reprs);
    torch.manual_seed(3);
    const net = new nn.Sequential(new nn.Conv2d(2, 4, 3), new nn.BatchNorm2d(4), new nn.Sequential(new nn.BatchNorm1d(4, { affine: false })));
    (net.at(1) as nn.BatchNorm2d).running_mean!.add_(1.5);
    const sync = nn.SyncBatchNorm.convert_sync_batchnorm(net) as nn.Sequential;
    expect(inspect(sync)).toBe(ref.sync.repr);
    expect(Object.keys(sync.state_dict())).toEqual(ref.sync.keys);
    expectClose((sync.at(1) as nn.SyncBatchNorm).running_mean!, ref.sync.rm);
    expect(err(() => new nn.InstanceNorm1d(3).load_state_dict({ running_mean: torch.zeros(3), running_var: torch.ones(3) }))).toEqual(ref.in_load);
  });

  it("argument errors are Python's", () => {
    const x = torch.randn(2, 3);
    const got = [
      err(() => new nn.Hardtanh(2.0, 1.0)),
      err(() => F.hardtanh(x, 2.0, 1.0)),
      err(() => new nn.Softmax2d()(x)),
      err(() => new nn.GroupNorm(3, 5)),
      err(() => new nn.Dropout({ p: 1.5 })),
      err(() => F.dropout(x, -0.1)),
      err(() => F.dropout1d(torch.ones(2, 3, 4, 5))),
      err(() => F.glu(torch.tensor(1.0))),
      err(() => new nn.Embedding(5, 2, { padding_idx: 5 })),
      err(() => new nn.EmbeddingBag(5, 2, { padding_idx: -6 })),
      err(() => new nn.EmbeddingBag(5, 2, { mode: "avg" })(torch.tensor([1, 2]), torch.tensor([0]))),
      err(() => new nn.EmbeddingBag(5, 2, { mode: "mean" })(torch.tensor([1, 2]), torch.tensor([0]), torch.ones(2))),
      err(() => new nn.EmbeddingBag(5, 2)(torch.tensor([1, 2]))),
      err(() => new nn.EmbeddingBag(5, 2)(torch.tensor([[1, 2]]), torch.tensor([0]))),
      err(() => nn.EmbeddingBag.from_pretrained(torch.ones(3))),
      err(() => new nn.InstanceNorm1d(3, { affine: true })(torch.randn(2, 4, 5))),
      err(() => new nn.InstanceNorm2d(3)(torch.randn(3, 4))),
      err(() => new nn.InstanceNorm1d(3)(torch.randn(2, 3, 1))),
      err(() => new nn.BatchNorm3d(3)(torch.randn(2, 3, 4))),
      err(() => new nn.BatchNorm1d(3)(torch.randn(1, 3))),
      err(() => new nn.SyncBatchNorm(3)(torch.randn(2))),
      err(() => new nn.SyncBatchNorm(3)(torch.randn(4, 3))),
      err(() => new nn.LocalResponseNorm(2)(x)),
      err(() => new nn.CrossMapLRN2d(3)(torch.randn(2, 3, 4))),
      err(() => new nn.Softmax({ dim: 1.5 })),
      err(() => F.group_norm(torch.randn(6), 2)),
      err(() => F.rms_norm(x, [3])),
      err(() => new nn.RMSNorm(3)),
      err(() => new nn.InstanceNorm1d(2, { momentum: null })(torch.randn(2, 3))),
    ];
    expect(got).toEqual(ref.errs);
  });
});

// After the warnings test: a warning is emitted once per process, as Python's filter shows it once.
for (const [name, specs] of Object.entries(SECTIONS)) {
  describe(`${name}: seeded init, forward in training and eval, gradients, buffers, repr, keys`, () => {
    specs.forEach(([p, make, shape], i) => {
      it(`${p} on ${JSON.stringify(shape)}`, () => compare(run(i, make, shape), ref[name][i]));
    });
  });
}

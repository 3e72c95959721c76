// Every loss of torch.nn and its nn.functional form against Python of the linked version: values
// and gradients for every reduction (weights, ignore_index, margins and the other options), the
// legacy size_average/reduce arguments and their warning, reprs and Python's errors.
import { describe, it, expect, beforeAll, vi } from "vitest";
import torch, { nn, Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "./helpers";

type Case = {
  name: string; cls: string; kw?: Record<string, unknown>; fn: string; fkw?: Record<string, unknown>;
  pos?: unknown[]; args: string[]; grads: number[]; reds?: string[]; margs?: string[];
};
// "@name" is an input tensor, "@@cos" a cosine distance function.
const CASES: Case[] = [
  { name: "l1", cls: "L1Loss", fn: "l1_loss", args: ["x", "y"], grads: [0] },
  { name: "l1_bcast", cls: "L1Loss", fn: "l1_loss", args: ["x", "y1"], grads: [0] },
  { name: "l1_w", cls: "L1Loss", fn: "l1_loss", fkw: { weight: "@ew" }, args: ["x", "y"], grads: [0] },
  { name: "mse", cls: "MSELoss", fn: "mse_loss", args: ["x", "y"], grads: [0] },
  { name: "mse_w", cls: "MSELoss", fn: "mse_loss", fkw: { weight: "@ew" }, args: ["x", "y"], grads: [0] },
  { name: "nll", cls: "NLLLoss", fn: "nll_loss", args: ["logp", "cls"], grads: [0] },
  { name: "nll_w_ign", cls: "NLLLoss", kw: { weight: "@cw", ignore_index: 1 }, fn: "nll_loss", args: ["logp", "cls"], grads: [0] },
  { name: "nll_4d", cls: "NLLLoss", kw: { weight: "@cw3" }, fn: "nll_loss", args: ["logp4", "cls4"], grads: [0] },
  { name: "nll2d", cls: "NLLLoss2d", kw: { ignore_index: 2 }, fn: "nll_loss", args: ["logp4", "cls4"], grads: [0] },
  { name: "poisson", cls: "PoissonNLLLoss", fn: "poisson_nll_loss", args: ["x", "counts"], grads: [0] },
  { name: "poisson_rate_full", cls: "PoissonNLLLoss", kw: { log_input: false, full: true, eps: 1e-4 }, fn: "poisson_nll_loss", args: ["rate", "counts"], grads: [0] },
  { name: "gauss", cls: "GaussianNLLLoss", fn: "gaussian_nll_loss", args: ["x", "y", "var"], grads: [0, 2] },
  { name: "gauss_full_head", cls: "GaussianNLLLoss", kw: { full: true, eps: 0.3 }, fn: "gaussian_nll_loss", args: ["x", "y", "var1"], grads: [0, 2] },
  { name: "gauss_last1", cls: "GaussianNLLLoss", fn: "gaussian_nll_loss", args: ["x", "y", "varcol"], grads: [0, 2] },
  { name: "kl", cls: "KLDivLoss", fn: "kl_div", args: ["klin", "klt"], grads: [0], reds: ["none", "mean", "sum", "batchmean"] },
  { name: "kl_log", cls: "KLDivLoss", kw: { log_target: true }, fn: "kl_div", args: ["klin", "kllt"], grads: [0, 1], reds: ["none", "batchmean"] },
  { name: "bce", cls: "BCELoss", fn: "binary_cross_entropy", args: ["p", "b"], grads: [0] },
  { name: "bce_w", cls: "BCELoss", kw: { weight: "@bw" }, fn: "binary_cross_entropy", args: ["p", "b"], grads: [0] },
  { name: "bcel", cls: "BCEWithLogitsLoss", kw: { weight: "@bw", pos_weight: "@pw" }, fn: "binary_cross_entropy_with_logits", args: ["x", "b"], grads: [0] },
  { name: "hinge", cls: "HingeEmbeddingLoss", kw: { margin: 0.7 }, fn: "hinge_embedding_loss", args: ["x", "pm"], grads: [0] },
  { name: "mlm", cls: "MultiLabelMarginLoss", fn: "multilabel_margin_loss", args: ["x", "mlm_t"], grads: [0] },
  { name: "smoothl1", cls: "SmoothL1Loss", kw: { beta: 0.5 }, fn: "smooth_l1_loss", args: ["x", "y"], grads: [0] },
  { name: "smoothl1_b0", cls: "SmoothL1Loss", kw: { beta: 0.0 }, fn: "smooth_l1_loss", args: ["x", "y"], grads: [0] },
  { name: "huber", cls: "HuberLoss", kw: { delta: 0.5 }, fn: "huber_loss", args: ["x", "y"], grads: [0] },
  { name: "huber_w", cls: "HuberLoss", fn: "huber_loss", fkw: { delta: 0.5, weight: "@ew" }, args: ["x", "y"], grads: [0] },
  { name: "softmargin", cls: "SoftMarginLoss", fn: "soft_margin_loss", args: ["x", "pm"], grads: [0] },
  { name: "ce", cls: "CrossEntropyLoss", fn: "cross_entropy", args: ["logits", "cls"], grads: [0] },
  { name: "ce_w_ign_ls", cls: "CrossEntropyLoss", kw: { weight: "@cw", ignore_index: 3, label_smoothing: 0.2 }, fn: "cross_entropy", args: ["logits", "cls"], grads: [0] },
  { name: "ce_ign", cls: "CrossEntropyLoss", fn: "cross_entropy", args: ["logits", "cls_ign"], grads: [0] },
  { name: "ce_prob", cls: "CrossEntropyLoss", kw: { weight: "@cw", label_smoothing: 0.1 }, fn: "cross_entropy", args: ["logits", "probs"], grads: [0, 1] },
  { name: "ce_4d", cls: "CrossEntropyLoss", kw: { label_smoothing: 0.05 }, fn: "cross_entropy", args: ["logits4", "cls4"], grads: [0] },
  { name: "mlsm", cls: "MultiLabelSoftMarginLoss", kw: { weight: "@bw" }, fn: "multilabel_soft_margin_loss", args: ["x", "b"], grads: [0] },
  { name: "cosemb", cls: "CosineEmbeddingLoss", kw: { margin: 0.2 }, fn: "cosine_embedding_loss", args: ["x5", "y5", "pm5"], grads: [0, 1] },
  { name: "ranking", cls: "MarginRankingLoss", kw: { margin: 0.3 }, fn: "margin_ranking_loss", args: ["r1", "r2", "pm5"], grads: [0, 1] },
  { name: "multimargin", cls: "MultiMarginLoss", fn: "multi_margin_loss", args: ["x", "mm_t"], grads: [0] },
  { name: "multimargin_p2_w", cls: "MultiMarginLoss", kw: { p: 2, margin: 0.6, weight: "@mw" }, fn: "multi_margin_loss", args: ["x", "mm_t"], grads: [0] },
  { name: "triplet", cls: "TripletMarginLoss", fn: "triplet_margin_loss", args: ["x5", "y5", "z5"], grads: [0, 1, 2] },
  { name: "triplet_p1_swap", cls: "TripletMarginLoss", kw: { margin: 2.0, p: 1, swap: true, eps: 1e-3 }, fn: "triplet_margin_loss", args: ["x5", "y5", "z5"], grads: [0, 1, 2] },
  { name: "tripletd", cls: "TripletMarginWithDistanceLoss", fn: "triplet_margin_with_distance_loss", args: ["x5", "y5", "z5"], grads: [0, 1, 2] },
  { name: "tripletd_cos_swap", cls: "TripletMarginWithDistanceLoss", kw: { distance_function: "@@cos", margin: 0.5, swap: true }, fn: "triplet_margin_with_distance_loss", args: ["x5", "y5", "z5"], grads: [0, 1, 2] },
  { name: "ctc", cls: "CTCLoss", fn: "ctc_loss", args: ["ctc_lp", "ctc_t", "ctc_il", "ctc_tl"], grads: [0] },
  { name: "ctc_flat_zi", cls: "CTCLoss", kw: { blank: 4, zero_infinity: true }, fn: "ctc_loss", args: ["ctc_lp", "ctc_flat", "ctc_il", "ctc_tl_inf"], grads: [0] },
  { name: "lce", cls: "LinearCrossEntropyLoss", pos: [4, 5], kw: { bias: true, weight: "@cw", label_smoothing: 0.1 }, fn: "linear_cross_entropy", args: ["lce_x", "lce_w", "cls"], margs: ["lce_x", "cls"], fkw: { linear_bias: "@lce_b", ignore_index: 2 }, grads: [0, 1] },
  { name: "lce_k", cls: "LinearCrossEntropyLoss", pos: [4, 3], kw: { out_features: [2] }, fn: "linear_cross_entropy", args: ["lce_x", "lce_wk", "cls_k"], margs: ["lce_x", "cls_k"], grads: [0, 1] },
];

const PY = PY_ERR + `
import torch.nn as nn, torch.nn.functional as F, warnings
warnings.simplefilter('ignore')
SPEC = json.loads(${JSON.stringify(JSON.stringify(CASES))})
torch.manual_seed(0)
T = {}
T['x'] = torch.randn(4, 3); T['y'] = torch.randn(4, 3); T['y1'] = torch.randn(3); T['ew'] = torch.rand(4, 3)
T['logits'] = torch.randn(6, 5); T['cls'] = torch.tensor([0, 3, 4, 1, 1, 2]); T['cls_ign'] = torch.tensor([0, -100, 4, 1, 2, 2])
T['logp'] = T['logits'].log_softmax(1); T['probs'] = torch.softmax(torch.randn(6, 5), 1); T['cw'] = torch.rand(5) + 0.5
T['logits4'] = torch.randn(2, 3, 4, 4); T['cls4'] = torch.randint(0, 3, (2, 4, 4)); T['logp4'] = T['logits4'].log_softmax(1); T['cw3'] = torch.rand(3) + 0.5
T['p'] = torch.sigmoid(torch.randn(4, 3)); T['b'] = torch.rand(4, 3).round(); T['bw'] = torch.rand(3); T['pw'] = torch.rand(3) * 2
T['pm'] = torch.randint(0, 2, (4, 3)).float() * 2 - 1
T['rate'] = torch.rand(4, 3) * 3; T['counts'] = torch.poisson(torch.rand(4, 3) * 3)
T['var'] = torch.rand(4, 3) + 0.1; T['var1'] = torch.rand(4) + 0.1; T['varcol'] = torch.rand(4, 1) + 0.1
T['klin'] = torch.randn(4, 3).log_softmax(1); T['klt'] = torch.softmax(torch.randn(4, 3), 1); T['kllt'] = torch.randn(4, 3).log_softmax(1)
T['mlm_t'] = torch.tensor([[0, 2, -1], [1, -1, 0], [2, 1, 0], [-1, 0, 0]])
T['x5'] = torch.randn(5, 4); T['y5'] = torch.randn(5, 4); T['z5'] = torch.randn(5, 4); T['pm5'] = torch.tensor([1., -1, 1, -1, 1])
T['r1'] = torch.randn(5); T['r2'] = torch.randn(5)
T['mm_t'] = torch.tensor([0, 2, 1, 2]); T['mw'] = torch.rand(3) + 0.5
T['ctc_lp'] = torch.randn(12, 3, 5).log_softmax(2); T['ctc_t'] = torch.randint(1, 5, (3, 4)); T['ctc_il'] = torch.tensor([12, 10, 11]); T['ctc_tl'] = torch.tensor([4, 3, 2])
T['ctc_flat'] = torch.randint(0, 4, (9,)); T['ctc_tl_inf'] = torch.tensor([2, 7, 0])
T['lce_x'] = torch.randn(6, 4); T['lce_w'] = torch.randn(5, 4); T['lce_b'] = torch.randn(5); T['lce_wk'] = torch.randn(3, 2, 4); T['cls_k'] = torch.randint(0, 3, (6, 2))
DIST = {'cos': lambda a, b: 1.0 - F.cosine_similarity(a, b)}
def val(v):
    if isinstance(v, str) and v.startswith('@@'): return DIST[v[2:]]
    if isinstance(v, str) and v.startswith('@'): return T[v[1:]]
    if isinstance(v, list): return tuple(v)
    return v
def run(f, args, grads):
    xs = [T[a].detach().clone().requires_grad_(i in grads) for i, a in enumerate(args)]
    try:
        l = f(*xs)
        l.backward(torch.ones_like(l))
    except Exception as e:
        return {'err': [type(e).__name__, str(e)]}
    return {'loss': l, 'grads': [xs[i].grad for i in grads]}
res = {}
for c in SPEC:
    for red in c.get('reds', ['none', 'mean', 'sum']):
        kw = {k: val(v) for k, v in c.get('kw', {}).items()}; kw['reduction'] = red
        fkw = {k: val(v) for k, v in c.get('fkw', c.get('kw', {})).items()}; fkw['reduction'] = red
        r = {}
        torch.manual_seed(0)
        try:
            m = getattr(nn, c['cls'])(*c.get('pos', []), **kw)
            r['repr'] = repr(m); r['mod'] = run(m, c.get('margs', c['args']), [0] if 'margs' in c else c['grads'])
        except Exception as e:
            r['mod'] = {'err': [type(e).__name__, str(e)]}
        fn = getattr(F, c['fn'], None)
        r['fn'] = run(lambda *a: fn(*a, **fkw), c['args'], c['grads']) if fn else {'err': ['AttributeError', "module 'torch.nn.functional' has no attribute '" + c['fn'] + "'"]}
        res[c['name'] + '_' + red] = r
out = {'T': T, 'res': res}
# legacy size_average / reduce
legacy = {}
for cls in ['L1Loss', 'MSELoss', 'BCELoss', 'NLLLoss', 'CrossEntropyLoss', 'KLDivLoss', 'HingeEmbeddingLoss', 'MultiMarginLoss', 'SoftMarginLoss', 'MarginRankingLoss', 'PoissonNLLLoss', 'SmoothL1Loss', 'TripletMarginLoss', 'CosineEmbeddingLoss', 'MultiLabelMarginLoss', 'MultiLabelSoftMarginLoss', 'BCEWithLogitsLoss']:
    legacy[cls] = [getattr(nn, cls)(size_average=sa, reduce=r).reduction for sa, r in [(False, None), (None, False), (True, True), (False, True)]]
out['legacy'] = legacy
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    nn.MSELoss(size_average=False)
    out['legacy_warn'] = [str(x.message) for x in w]
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    nn.NLLLoss2d()
    out['nll2d_warn'] = [[x.category.__name__, str(x.message)] for x in w]
out['legacy_vals'] = [F.mse_loss(T['x'], T['y'], size_average=False), F.l1_loss(T['x'], T['y'], reduce=False), F.kl_div(T['klin'], T['klt'], size_average=False),
                      F.cross_entropy(T['logits'], T['cls'], reduce=False), F.binary_cross_entropy(T['p'], T['b'], None, False), F.poisson_nll_loss(T['x'], T['counts'], reduce=False),
                      F.multilabel_soft_margin_loss(T['x'], T['b'], None, False)]
out['reprs'] = [repr(nn.TripletMarginWithDistanceLoss()), repr(nn.CrossEntropyLoss(label_smoothing=0.1)), repr(nn.MultiMarginLoss(2))]
E = []
E.append(err(lambda: F.mse_loss(T['x'], T['y'], reduction='avg')))
E.append(err(lambda: F.l1_loss(T['x'], T['y'], reduction='elementwise')))
E.append(err(lambda: F.poisson_nll_loss(T['x'], T['y'], reduction='avg')))
E.append(err(lambda: F.gaussian_nll_loss(T['x'], T['y'], T['var'], reduction='avg')))
E.append(err(lambda: F.gaussian_nll_loss(T['x'], T['y'], torch.ones(2, 2))))
E.append(err(lambda: F.gaussian_nll_loss(T['x'], T['y'], -T['var'])))
E.append(err(lambda: F.gaussian_nll_loss(T['x'], T['y'], -1.0)))
E.append(err(lambda: F.gaussian_nll_loss(T['x'], T['y'], 0.5)))
E.append(err(lambda: F.multi_margin_loss(T['x'], T['mm_t'], p=3)))
E.append(err(lambda: F.multi_margin_loss(T['x'], T['mm_t'], weight=torch.ones(3, 1))))
E.append(err(lambda: nn.MultiMarginLoss(p=3)))
E.append(err(lambda: nn.MultiMarginLoss(weight=torch.ones(3, 1))))
E.append(err(lambda: F.triplet_margin_loss(T['x5'], T['y5'], T['z5'], margin=-0.5)))
E.append(err(lambda: nn.TripletMarginLoss(margin=-0.5)))
E.append(err(lambda: nn.TripletMarginWithDistanceLoss(margin=-0.5)))
E.append(err(lambda: F.triplet_margin_with_distance_loss(T['x5'], T['y5'], T['r1'])))
E.append(err(lambda: F.triplet_margin_with_distance_loss(T['x5'], T['y5'], T['z5'], reduction='avg')))
E.append(err(lambda: F.margin_ranking_loss(T['r1'], T['r2'], T['x5'])))
E.append(err(lambda: nn.HuberLoss(delta='1')))
E.append(err(lambda: F.binary_cross_entropy(T['p'], T['b'][0])))
E.append(err(lambda: F.binary_cross_entropy_with_logits(T['x'], T['b'][0])))
E.append(err(lambda: F.mse_loss(T['x'], T['y'], weight=torch.ones(3))))
E.append(err(lambda: F.nll_loss(T['logp'], T['cls'][:3])))
E.append(err(lambda: F.cross_entropy(T['logits'], T['cls'] + 5)))
E.append(err(lambda: nn.CrossEntropyLoss(weight=T['cw'], foo=1)))
E.append(err(lambda: F.kl_div(T['klin'], T['klt'], reduction='batch')))
E.append(err(lambda: F.multilabel_soft_margin_loss(T['x'], T['b'], reduction='avg')))
E.append(err(lambda: nn.GaussianNLLLoss(True)))
E.append(err(lambda: F.ctc_loss(T['ctc_lp'], T['ctc_t'], T['ctc_il'], T['ctc_tl'], reduction='x')))
out['errs'] = E
`;

let ref: any;
const T: Record<string, Tensor> = {};
// Every warning of the file: each message is emitted once per process, as under Python's default filter.
const warnings: [string, string][] = [];
beforeAll(() => {
  vi.spyOn(process, "emitWarning").mockImplementation(((msg: string, cat: string) => { warnings.push([cat, String(msg)]); }) as any);
  ref = py(PY);
  for (const [k, v] of Object.entries(ref.T) as [string, any][]) T[k] = torch.tensor(v.tensor, { dtype: (torch as any)[v.dtype] }).reshape(v.shape);
});

const DIST: Record<string, (a: Tensor, b: Tensor) => Tensor> = { cos: (a, b) => torch.cosine_similarity(a, b).neg().add(1.0) };
const val = (v: unknown): unknown =>
  typeof v === "string" && v.startsWith("@@") ? DIST[v.slice(2)] : typeof v === "string" && v.startsWith("@") ? T[v.slice(1)] : v;
const errOf = (e: any) => [e.name === "Error" ? "RuntimeError" : e.name, e.message];

function run(f: (...a: Tensor[]) => Tensor, args: string[], grads: number[]) {
  const xs = args.map((a, i) => T[a].detach().clone().requires_grad_(grads.includes(i)));
  try {
    const l = f(...xs);
    l.backward(torch.ones_like(l));
    return { loss: l, grads: grads.map((i) => xs[i].grad) };
  } catch (e) {
    return { err: errOf(e) };
  }
}
function compare(what: string, got: any, exp: any) {
  if (exp.err) {
    expect(got.err, what).toEqual(exp.err);
    return;
  }
  expect(got.err, what).toBeUndefined();
  expect([...got.loss.shape], what).toEqual(exp.loss.shape);
  expectClose(got.loss, exp.loss);
  got.grads.forEach((g: Tensor, i: number) => expectClose(g, exp.grads[i]));
}

describe("every torch.nn loss against Python", () => {
  it("modules and functions: values and gradients for every reduction and option", () => {
    let n = 0;
    {
      for (const c of CASES) {
        for (const reduction of c.reds ?? ["none", "mean", "sum"]) {
          const kw: Record<string, unknown> = { reduction };
          for (const [k, v] of Object.entries(c.kw ?? {})) kw[k] = val(v);
          const fkw: Record<string, unknown> = { reduction };
          for (const [k, v] of Object.entries(c.fkw ?? c.kw ?? {})) fkw[k] = val(v);
          const r = ref.res[`${c.name}_${reduction}`];
          const what = `${c.name} ${reduction}`;
          torch.manual_seed(0);
          let mod: any;
          try {
            mod = new (nn as any)[c.cls](...(c.pos ?? []), kw);
          } catch (e) {
            expect(errOf(e), what).toEqual(r.mod.err);
          }
          if (mod) {
            expect(String(mod), what).toBe(r.repr);
            compare(`${what} module`, run((...a) => mod(...a), c.margs ?? c.args, c.margs ? [0] : c.grads), r.mod);
          }
          compare(`${what} function`, run((...a) => (F as any)[c.fn](...a, fkw), c.args, c.grads), r.fn);
          n++;
        }
      }
    }
    expect(n).toBe(Object.keys(ref.res).length);
  });

  it("size_average / reduce give Python's reduction and its deprecation warning", () => {
    {
      for (const [cls, reds] of Object.entries(ref.legacy) as [string, string[]][]) {
        const got = [[false, null], [null, false], [true, true], [false, true]].map(([sa, r]) => new (nn as any)[cls]({ size_average: sa, reduce: r }).reduction);
        expect(got, cls).toEqual(reds);
      }
      new nn.NLLLoss2d();
      const msgs = warnings.map((w) => w[1]);
      for (const m of ref.legacy_warn) expect(msgs).toContain(m);
      expect(warnings).toContainEqual(ref.nll2d_warn[0]);
    }
    const got = [F.mse_loss(T.x, T.y, { size_average: false }), F.l1_loss(T.x, T.y, { reduce: false }), F.kl_div(T.klin, T.klt, { size_average: false }),
      F.cross_entropy(T.logits, T.cls, { reduce: false }), F.binary_cross_entropy(T.p, T.b, null, false), F.poisson_nll_loss(T.x, T.counts, { reduce: false }),
      F.multilabel_soft_margin_loss(T.x, T.b, null, false)];
    got.forEach((g, i) => expectClose(g, ref.legacy_vals[i]));
  });

  it("reprs and Python's errors", () => {
    expect([String(new nn.TripletMarginWithDistanceLoss()), String(new nn.CrossEntropyLoss({ label_smoothing: 0.1 })), String(new nn.MultiMarginLoss(2))]).toEqual(ref.reprs);
    const err = (f: () => unknown) => { try { f(); return null; } catch (e) { return errOf(e); } };
    const t = T;
    const got = [
      err(() => F.mse_loss(t.x, t.y, { reduction: "avg" })),
      err(() => F.l1_loss(t.x, t.y, { reduction: "elementwise" })),
      err(() => F.poisson_nll_loss(t.x, t.y, { reduction: "avg" })),
      err(() => F.gaussian_nll_loss(t.x, t.y, t.var, { reduction: "avg" })),
      err(() => F.gaussian_nll_loss(t.x, t.y, torch.ones(2, 2))),
      err(() => F.gaussian_nll_loss(t.x, t.y, t.var.neg())),
      err(() => F.gaussian_nll_loss(t.x, t.y, -1.0)),
      err(() => F.gaussian_nll_loss(t.x, t.y, 0.5)),
      err(() => F.multi_margin_loss(t.x, t.mm_t, { p: 3 })),
      err(() => F.multi_margin_loss(t.x, t.mm_t, { weight: torch.ones(3, 1) })),
      err(() => new nn.MultiMarginLoss({ p: 3 })),
      err(() => new nn.MultiMarginLoss({ weight: torch.ones(3, 1) })),
      err(() => F.triplet_margin_loss(t.x5, t.y5, t.z5, { margin: -0.5 })),
      err(() => new nn.TripletMarginLoss({ margin: -0.5 })),
      err(() => new nn.TripletMarginWithDistanceLoss({ margin: -0.5 })),
      err(() => F.triplet_margin_with_distance_loss(t.x5, t.y5, t.r1)),
      err(() => F.triplet_margin_with_distance_loss(t.x5, t.y5, t.z5, { reduction: "avg" })),
      err(() => F.margin_ranking_loss(t.r1, t.r2, t.x5)),
      err(() => new nn.HuberLoss({ delta: "1" as any })),
      err(() => F.binary_cross_entropy(t.p, t.b.index(0))),
      err(() => F.binary_cross_entropy_with_logits(t.x, t.b.index(0))),
      err(() => F.mse_loss(t.x, t.y, { weight: torch.ones(3) })),
      err(() => F.nll_loss(t.logp, t.cls.index(":3"))),
      err(() => F.cross_entropy(t.logits, t.cls.add(5))),
      err(() => new nn.CrossEntropyLoss({ weight: t.cw, foo: 1 } as any)),
      err(() => F.kl_div(t.klin, t.klt, { reduction: "batch" })),
      err(() => F.multilabel_soft_margin_loss(t.x, t.b, { reduction: "avg" })),
      err(() => new (nn.GaussianNLLLoss as any)(true)),
      err(() => F.ctc_loss(t.ctc_lp, t.ctc_t, t.ctc_il, t.ctc_tl, { reduction: "x" })),
    ];
    got.forEach((g, i) => expect(g, `error ${i}`).toEqual(ref.errs[i]));
  });
});

// Every loss with every reduction (and its options) against Python: values and input gradients,
// through both the module and nn.functional.
import { describe, it, expect, beforeAll } from "vitest";
import torch, { nn, Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py } from "../helpers/python";
import { expectClose } from "./helpers";

// Inputs are built from one seeded stream in the same order on both sides.
const PY = `
import torch.nn as nn, torch.nn.functional as F
torch.manual_seed(0)
logits = torch.randn(6, 5); target = torch.tensor([0, 3, 4, 1, 1, 2]); target_ign = torch.tensor([0, -100, 4, 1, 2, 2])
probs_t = torch.softmax(torch.randn(6, 5), 1); cw = torch.rand(5) + 0.5
logits4 = torch.randn(2, 3, 4, 4); target4 = torch.randint(0, 3, (2, 4, 4))
reg_in = torch.randn(4, 3); reg_t = torch.randn(4, 3)
p_in = torch.sigmoid(torch.randn(4, 3)); p_t = torch.rand(4, 3).round(); bw = torch.rand(3); pw = torch.rand(3) * 2
cases = []
for red in ['none', 'mean', 'sum']:
    cases += [('ce', nn.CrossEntropyLoss(reduction=red), logits, target),
              ('ce_w', nn.CrossEntropyLoss(weight=cw, reduction=red), logits, target),
              ('ce_ign', nn.CrossEntropyLoss(ignore_index=-100, reduction=red), logits, target_ign),
              ('ce_ls', nn.CrossEntropyLoss(label_smoothing=0.1, reduction=red), logits, target),
              ('ce_prob', nn.CrossEntropyLoss(reduction=red), logits, probs_t),
              ('ce_4d', nn.CrossEntropyLoss(reduction=red), logits4, target4),
              ('nll', nn.NLLLoss(reduction=red), logits.log_softmax(1), target),
              ('nll_w', nn.NLLLoss(weight=cw, ignore_index=1, reduction=red), logits.log_softmax(1), target),
              ('nll_4d', nn.NLLLoss(reduction=red), logits4.log_softmax(1), target4),
              ('mse', nn.MSELoss(reduction=red), reg_in, reg_t),
              ('l1', nn.L1Loss(reduction=red), reg_in, reg_t),
              ('bce', nn.BCELoss(reduction=red), p_in, p_t),
              ('bce_w', nn.BCELoss(weight=bw, reduction=red), p_in, p_t),
              ('bcel', nn.BCEWithLogitsLoss(reduction=red), reg_in, p_t),
              ('bcel_w', nn.BCEWithLogitsLoss(weight=bw, pos_weight=pw, reduction=red), reg_in, p_t)]
out = {}
for name, loss, x, t in cases:
    x = x.detach().clone().requires_grad_(True)
    l = loss(x, t)
    l.backward(torch.ones_like(l))
    out[name + '_' + loss.reduction] = {'loss': l, 'grad': x.grad}
out['legacy'] = nn.MSELoss(size_average=False)(reg_in, reg_t)
out['legacy_red'] = nn.MSELoss(size_average=False).reduction
errs = {}
def err(name, f):
    try: f(); errs[name] = None
    except Exception as e: errs[name] = str(e)
err('batch', lambda: F.cross_entropy(torch.randn(64, 10), torch.zeros(32, dtype=torch.long)))
err('target_oob', lambda: F.cross_entropy(torch.randn(2, 3), torch.tensor([0, 5])))
err('reduction', lambda: F.mse_loss(torch.ones(2), torch.ones(2), reduction='avg'))
err('bce_size', lambda: F.binary_cross_entropy(torch.rand(3), torch.rand(3, 1)))
err('bcel_size', lambda: F.binary_cross_entropy_with_logits(torch.rand(3), torch.rand(2)))
err('nll_dtype', lambda: F.nll_loss(torch.randn(2, 3), torch.tensor([0.0, 1.0])))
out['errs'] = errs
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

describe("losses equal Python's for every reduction", () => {
  it("CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss: values and gradients", () => {
    torch.manual_seed(0);
    const logits = torch.randn(6, 5), target = torch.tensor([0, 3, 4, 1, 1, 2]), target_ign = torch.tensor([0, -100, 4, 1, 2, 2]);
    const probs_t = torch.softmax(torch.randn(6, 5), 1), cw = torch.rand(5).add(0.5);
    const logits4 = torch.randn(2, 3, 4, 4), target4 = torch.randint(0, 3, [2, 4, 4]);
    const reg_in = torch.randn(4, 3), reg_t = torch.randn(4, 3);
    const p_in = torch.sigmoid(torch.randn(4, 3)), p_t = torch.rand(4, 3).round(), bw = torch.rand(3), pw = torch.rand(3).mul(2);
    let count = 0;
    for (const reduction of ["none", "mean", "sum"] as const) {
      const cases: [string, nn.Module, Tensor, Tensor][] = [
        ["ce", new nn.CrossEntropyLoss({ reduction }), logits, target],
        ["ce_w", new nn.CrossEntropyLoss({ weight: cw, reduction }), logits, target],
        ["ce_ign", new nn.CrossEntropyLoss({ ignore_index: -100, reduction }), logits, target_ign],
        ["ce_ls", new nn.CrossEntropyLoss({ label_smoothing: 0.1, reduction }), logits, target],
        ["ce_prob", new nn.CrossEntropyLoss({ reduction }), logits, probs_t],
        ["ce_4d", new nn.CrossEntropyLoss({ reduction }), logits4, target4],
        ["nll", new nn.NLLLoss({ reduction }), logits.log_softmax(1), target],
        ["nll_w", new nn.NLLLoss({ weight: cw, ignore_index: 1, reduction }), logits.log_softmax(1), target],
        ["nll_4d", new nn.NLLLoss({ reduction }), logits4.log_softmax(1), target4],
        ["mse", new nn.MSELoss({ reduction }), reg_in, reg_t],
        ["l1", new nn.L1Loss({ reduction }), reg_in, reg_t],
        ["bce", new nn.BCELoss({ reduction }), p_in, p_t],
        ["bce_w", new nn.BCELoss({ weight: bw, reduction }), p_in, p_t],
        ["bcel", new nn.BCEWithLogitsLoss({ reduction }), reg_in, p_t],
        ["bcel_w", new nn.BCEWithLogitsLoss({ weight: bw, pos_weight: pw, reduction }), reg_in, p_t],
      ];
      for (const [name, loss, x0, t] of cases) {
        const x = x0.detach().clone().requires_grad_(true);
        const l: Tensor = loss(x, t);
        l.backward(torch.ones_like(l));
        const r = ref[`${name}_${reduction}`];
        expect([...l.shape], `${name} ${reduction}`).toEqual(r.loss.shape);
        expectClose(l, r.loss);
        expectClose(x.grad!, r.grad);
        count++;
      }
    }
    expect(count).toBe(45);
    const legacy = new nn.MSELoss({ size_average: false });
    expect(legacy.reduction).toBe(ref.legacy_red);
    expectClose(legacy(reg_in, reg_t), ref.legacy);
  });
  it("F.cross_entropy and friends take positional or keyword arguments", () => {
    torch.manual_seed(0);
    const logits = torch.randn(6, 5), target = torch.tensor([0, 3, 4, 1, 1, 2]);
    expectClose(F.cross_entropy(logits, target), ref.ce_mean.loss);
    expectClose(F.cross_entropy(logits, target, { reduction: "sum" }), ref.ce_sum.loss);
    expectClose(F.nll_loss(F.log_softmax(logits, 1), target, null, null, -100, null, "none"), ref.nll_none.loss);
    expectClose(F.nll_loss(F.log_softmax(logits, { dim: 1 }), target), ref.nll_mean.loss);
  });
  it("bad targets give PyTorch's errors", () => {
    const msg = (f: () => unknown) => { try { f(); return null; } catch (e: any) { return e.message as string; } };
    expect(msg(() => F.cross_entropy(torch.randn(64, 10), torch.zeros(32, { dtype: torch.long })))).toBe(ref.errs.batch);
    expect(msg(() => F.cross_entropy(torch.randn(2, 3), torch.tensor([0, 5])))).toBe(ref.errs.target_oob);
    expect(msg(() => F.mse_loss(torch.ones(2), torch.ones(2), { reduction: "avg" }))).toBe(ref.errs.reduction);
    expect(msg(() => F.binary_cross_entropy(torch.rand(3), torch.rand(3, 1)))).toBe(ref.errs.bce_size);
    expect(msg(() => F.binary_cross_entropy_with_logits(torch.rand(3), torch.rand(2)))).toBe(ref.errs.bcel_size);
    expect(msg(() => F.nll_loss(torch.randn(2, 3), torch.tensor([0, 1], { dtype: torch.float32 })))).toBe(ref.errs.nll_dtype);
  });
});

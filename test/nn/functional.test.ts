// torch.nn.functional: one object shared by every import path; each function against Python.
import { describe, it, expect, beforeAll, vi } from "vitest";
import torch, { nn } from "../../lib/index";
import F from "../../lib/nn/functional";
import * as Fnamed from "../../lib/nn/functional";
import { py } from "../helpers/python";
import { expectClose } from "./helpers";

const PY = `
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(2, 3, 6, 6); w = torch.randn(4, 3, 3, 3); b = torch.randn(4)
lw = torch.randn(5, 6); lb = torch.randn(5); v = torch.randn(3, 6)
bn_rm = torch.randn(3); bn_rv = torch.rand(3) + 0.5; bn_w = torch.randn(3); bn_b = torch.randn(3)
idx = torch.tensor([0, 2, 1, 3])
out = {
  'relu': F.relu(v), 'leaky': F.leaky_relu(v, 0.1), 'gelu': F.gelu(v), 'gelu_tanh': F.gelu(v, approximate='tanh'), 'silu': F.silu(v),
  'sigmoid': F.sigmoid(v), 'tanh': F.tanh(v), 'softmax': F.softmax(v, dim=1), 'softmax0': F.softmax(v, 0),
  'log_softmax': F.log_softmax(v, dim=1), 'log_softmax64': F.log_softmax(v, 1, dtype=torch.float64),
  'linear': F.linear(v, lw, lb), 'linear_nob': F.linear(v, lw),
  'conv2d': F.conv2d(x, w, b, stride=2, padding=1), 'conv2d_same': F.conv2d(x, w, padding='same'),
  'max_pool2d': F.max_pool2d(x, 2), 'max_pool2d_s': F.max_pool2d(x, 3, stride=1, padding=1),
  'max_pool2d_idx': list(F.max_pool2d(x, 2, return_indices=True)),
  'avg_pool2d': F.avg_pool2d(x, 3, stride=2, padding=1), 'adaptive': F.adaptive_avg_pool2d(x, (2, 3)), 'adaptive_none': F.adaptive_avg_pool2d(x, (None, 2)),
  'bn_eval': F.batch_norm(x, bn_rm, bn_rv, bn_w, bn_b), 'bn_train': F.batch_norm(x, bn_rm.clone(), bn_rv.clone(), training=True, momentum=0.2),
  'one_hot': F.one_hot(idx), 'one_hot6': F.one_hot(idx, num_classes=6),
  'pad': F.pad(v, (1, 2)), 'pad_val': F.pad(v, (1, 1, 2, 0), value=3.5), 'pad_reflect': F.pad(x, (1, 1, 2, 2), mode='reflect'),
  'layer_norm': F.layer_norm(v, (6,)),
}
torch.manual_seed(1); out['dropout'] = F.dropout(torch.ones(4, 8), p=0.25)
torch.manual_seed(2); out['dropout_eval'] = F.dropout(torch.ones(4, 8), training=False)
torch.manual_seed(3); out['dropout2d'] = F.dropout2d(torch.ones(2, 5, 2, 2), 0.4)
errs = {}
try: F.dropout(v, p=-0.1)
except Exception as e: errs['p'] = str(e)
try: F.adaptive_avg_pool2d(torch.ones(3), (2, 2))
except Exception as e: errs['adaptive'] = str(e)
out['errs'] = errs
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('default')
    for _ in range(3): F.softmax(v)
    F.mse_loss(torch.ones(3), torch.ones(3, 1))
out['warnings'] = [str(x.message) for x in w]
out['implicit'] = F.softmax(v)
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

describe("nn.functional", () => {
  it("is one object: torch.nn.functional, nn.functional and the module's default export", () => {
    expect(torch.nn.functional).toBe(F);
    expect(nn.functional).toBe(F);
    expect(Fnamed.default).toBe(F);
    expect(Fnamed.relu).toBe(F.relu);
    for (const name of ["relu", "sigmoid", "tanh", "softmax", "log_softmax", "cross_entropy", "nll_loss", "mse_loss", "l1_loss",
      "binary_cross_entropy", "binary_cross_entropy_with_logits", "linear", "conv2d", "max_pool2d", "avg_pool2d",
      "adaptive_avg_pool2d", "dropout", "batch_norm", "one_hot", "pad"]) expect(typeof (F as any)[name], name).toBe("function");
  });
  it("each function equals Python's", () => {
    torch.manual_seed(0);
    const x = torch.randn(2, 3, 6, 6), w = torch.randn(4, 3, 3, 3), b = torch.randn(4);
    const lw = torch.randn(5, 6), lb = torch.randn(5), v = torch.randn(3, 6);
    const bn_rm = torch.randn(3), bn_rv = torch.rand(3).add(0.5), bn_w = torch.randn(3), bn_b = torch.randn(3);
    const idx = torch.tensor([0, 2, 1, 3]);
    const got: Record<string, any> = {
      relu: F.relu(v), leaky: F.leaky_relu(v, 0.1), gelu: F.gelu(v), gelu_tanh: F.gelu(v, { approximate: "tanh" }), silu: F.silu(v),
      sigmoid: F.sigmoid(v), tanh: F.tanh(v), softmax: F.softmax(v, { dim: 1 }), softmax0: F.softmax(v, 0),
      log_softmax: F.log_softmax(v, { dim: 1 }), log_softmax64: F.log_softmax(v, 1, { dtype: torch.float64 }),
      linear: F.linear(v, lw, lb), linear_nob: F.linear(v, lw),
      conv2d: F.conv2d(x, w, b, { stride: 2, padding: 1 }), conv2d_same: F.conv2d(x, w, { padding: "same" }),
      max_pool2d: F.max_pool2d(x, 2), max_pool2d_s: F.max_pool2d(x, 3, { stride: 1, padding: 1 }),
      avg_pool2d: F.avg_pool2d(x, 3, { stride: 2, padding: 1 }), adaptive: F.adaptive_avg_pool2d(x, [2, 3]), adaptive_none: F.adaptive_avg_pool2d(x, [null, 2]),
      bn_eval: F.batch_norm(x, bn_rm, bn_rv, bn_w, bn_b), bn_train: F.batch_norm(x, bn_rm.clone(), bn_rv.clone(), { training: true, momentum: 0.2 }),
      one_hot: F.one_hot(idx), one_hot6: F.one_hot(idx, { num_classes: 6 }),
      pad: F.pad(v, [1, 2]), pad_val: F.pad(v, [1, 1, 2, 0], { value: 3.5 }), pad_reflect: F.pad(x, [1, 1, 2, 2], { mode: "reflect" }),
      layer_norm: F.layer_norm(v, [6]),
    };
    for (const [k, t] of Object.entries(got)) {
      expect([...t.shape], k).toEqual(ref[k].shape);
      expect(t.dtype.name, k).toBe(ref[k].dtype);
      expectClose(t, ref[k], 1e-6);
    }
    const [vals, inds] = F.max_pool2d(x, 2, { return_indices: true });
    expectClose(vals, ref.max_pool2d_idx[0]);
    expect(inds.tolist()).toEqual(ref.max_pool2d_idx[1].tensor);
  });
  it("dropout draws Python's mask; p is checked", () => {
    torch.manual_seed(1);
    expect(F.dropout(torch.ones(4, 8), { p: 0.25 }).tolist()).toEqual(ref.dropout.tensor);
    torch.manual_seed(2);
    expect(F.dropout(torch.ones(4, 8), { training: false }).tolist()).toEqual(ref.dropout_eval.tensor);
    torch.manual_seed(3);
    expect(F.dropout2d(torch.ones(2, 5, 2, 2), 0.4).tolist()).toEqual(ref.dropout2d.tensor);
    expect(() => F.dropout(torch.ones(2), { p: -0.1 })).toThrow(ref.errs.p);
    expect(() => F.adaptive_avg_pool2d(torch.ones(3), [2, 2])).toThrow(ref.errs.adaptive);
  });
  it("Python's UserWarnings, once each: implicit softmax dim, broadcasting target size", () => {
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    torch.manual_seed(0);
    torch.randn(2, 3, 6, 6); torch.randn(4, 3, 3, 3); torch.randn(4); torch.randn(5, 6); torch.randn(5);
    const v = torch.randn(3, 6);
    let y = v;
    for (let i = 0; i < 3; i++) y = F.softmax(v);
    F.mse_loss(torch.ones(3), torch.ones(3, 1));
    expect(spy.mock.calls.map((c) => c[0])).toEqual(ref.warnings);
    expectClose(y, ref.implicit);
    spy.mockRestore();
  });
});

// torchvision.ops and torchvision.utils against the linked Python torchvision: nms (ties included)
// and batched_nms give the same kept indices, box geometry and roi_align / roi_pool the same values
// (1e-6) and gradients, the building blocks the same init, reprs and outputs; make_grid the same
// tensor and save_image the same PNG pixels.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import torch from "../../lib/index";
import { nn } from "../../lib/index";
import * as ops from "../../lib/torchvision/ops";
import { make_grid, save_image } from "../../lib/torchvision/utils";
import { Image } from "../../lib/torchvision/image";
import { py } from "../helpers/python";
import { expectClose } from "../nn/helpers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-ops-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The inputs, drawn after manual_seed on both sides.
const INPUTS = `
torch.manual_seed(0)
boxes = torch.rand(60, 4) * 40
boxes[:, 2:] += boxes[:, :2] + 1
scores = torch.rand(60)
scores[5] = scores[7] = scores[9] = 0.5
boxes[7] = boxes[5]
boxes[9] = boxes[5] + 0.5
scores_t = torch.round(torch.rand(60) * 4) / 4
idxs = torch.randint(0, 3, (60,))
b2 = torch.rand(7, 4) * 30
b2[:, 2:] += b2[:, :2]
feat = torch.randn(2, 3, 12, 14)
rois = torch.tensor([[0, 1.2, 0.5, 9.7, 8.1], [1, -2.0, 3.0, 6.5, 15.0], [0, 4.0, 4.0, 4.2, 4.1], [1, 0.0, 0.0, 27.0, 23.0], [0, 10.3, 2.2, 13.9, 11.4]])
logits = torch.randn(5, 4)
targets = (torch.rand(5, 4) > 0.5).float()
imgs = torch.rand(5, 3, 6, 7)
`;
function inputs() {
  torch.manual_seed(0);
  const boxes = torch.rand(60, 4).mul(40);
  boxes.index(":", "2:").add_(boxes.index(":", ":2").add(1));
  const scores = torch.rand(60);
  for (const i of [5, 7, 9]) scores.index_put_([torch.tensor([i])], torch.tensor(0.5));
  boxes.index(7).copy_(boxes.index(5));
  boxes.index(9).copy_(boxes.index(5).add(0.5));
  const scores_t = torch.round(torch.rand(60).mul(4)).div(4);
  const idxs = torch.randint(0, 3, [60]);
  const b2 = torch.rand(7, 4).mul(30);
  b2.index(":", "2:").add_(b2.index(":", ":2"));
  const feat = torch.randn(2, 3, 12, 14);
  const rois = torch.tensor([[0, 1.2, 0.5, 9.7, 8.1], [1, -2.0, 3.0, 6.5, 15.0], [0, 4.0, 4.0, 4.2, 4.1], [1, 0.0, 0.0, 27.0, 23.0], [0, 10.3, 2.2, 13.9, 11.4]]);
  const logits = torch.randn(5, 4);
  const targets = torch.rand(5, 4).gt(0.5).float();
  const imgs = torch.rand(5, 3, 6, 7);
  return { boxes, scores, scores_t, idxs, b2, feat, rois, logits, targets, imgs };
}

let ref: any;
beforeAll(() => {
  ref = py(`
import torchvision
from torchvision import ops
from torchvision.utils import make_grid, save_image
from PIL import Image
import numpy as np
${INPUTS}
r = {}
r["nms"] = [ops.nms(boxes, scores, t) for t in (0.0, 0.3, 0.5, 0.9)]
r["nms_ties"] = [ops.nms(boxes, scores_t, t) for t in (0.2, 0.6)]
r["nms64"] = ops.nms(boxes.double(), scores.double(), 0.4)
r["batched"] = [ops.batched_nms(boxes, scores, idxs, 0.3), ops.batched_nms(boxes, scores_t, idxs, 0.5)]
r["iou"] = ops.box_iou(boxes[:10], b2)
r["giou"] = ops.generalized_box_iou(boxes[:10], b2)
r["area"] = ops.box_area(b2)
r["convert"] = [ops.box_convert(b2, "xyxy", f) for f in ("xywh", "cxcywh")] + [ops.box_convert(ops.box_convert(b2, "xyxy", "cxcywh"), "cxcywh", "xywh")]
r["clip"] = ops.clip_boxes_to_image(boxes[:10], (20, 25))
r["small"] = ops.remove_small_boxes(b2, 8.0)
ra = {}
for (os_, sc, sr, al) in [((3, 3), 1.0, -1, False), ((2, 4), 0.5, 2, True), (4, 0.25, 0, False), ((3, 2), 1.0, 3, False)]:
    x = feat.clone().requires_grad_()
    y = ops.roi_align(x, rois, os_, sc, sr, al)
    y.pow(2).sum().backward()
    ra[str((os_, sc, sr, al))] = [y, x.grad]
r["roi_align"] = list(ra.values())
r["roi_align64"] = ops.roi_align(feat.double(), rois.double(), 3, 0.5, -1, True)
x = feat.clone().requires_grad_()
y = ops.roi_pool(x, rois, (3, 4), 0.5)
y.sum().backward()
r["roi_pool"] = [y, x.grad, ops.roi_pool(feat, [rois[:2, 1:], rois[2:, 1:]], 2, 1.0)]
r["focal"] = [ops.sigmoid_focal_loss(logits, targets), ops.sigmoid_focal_loss(logits, targets, 0.5, 1.5, "mean"), ops.sigmoid_focal_loss(logits, targets, -1, 2, "sum")]
torch.manual_seed(3)
sd = ops.StochasticDepth(0.4, "row")
r["sd"] = [sd(torch.ones(6, 2, 2)), ops.stochastic_depth(torch.ones(4, 3), 0.5, "batch"), repr(sd)]
torch.manual_seed(4)
cna = ops.Conv2dNormActivation(3, 8, 3, stride=2)
se = ops.SqueezeExcitation(8, 2)
mlp = ops.MLP(8, [16, 4], norm_layer=torch.nn.LayerNorm, dropout=0.1)
fbn = ops.FrozenBatchNorm2d(3)
r["blocks"] = [repr(cna), repr(se), repr(mlp), repr(fbn), list(cna.state_dict().keys()) + list(se.state_dict().keys()) + list(mlp.state_dict().keys())]
cna.eval()
r["blocks_out"] = [cna(feat), se(cna(feat)), mlp.eval()(torch.ones(2, 8)), fbn(feat)]
r["grid"] = [make_grid(imgs, nrow=2, padding=1), make_grid(imgs, normalize=True, pad_value=0.5), make_grid(imgs[:1, :1])]
save_image(imgs, ${JSON.stringify(dir)} + "/py.png", nrow=3)
r["png"] = np.array(Image.open(${JSON.stringify(dir)} + "/py.png")).tolist()
out = r
`);
}, 120_000);

describe("torchvision.ops", () => {
  it("nms keeps Python's indices, in order, with tied scores and for float64", () => {
    const { boxes, scores, scores_t } = inputs();
    [0.0, 0.3, 0.5, 0.9].forEach((t, i) => expect(ops.nms(boxes, scores, t).tolist()).toEqual(ref.nms[i].tensor));
    [0.2, 0.6].forEach((t, i) => expect(ops.nms(boxes, scores_t, t).tolist()).toEqual(ref.nms_ties[i].tensor));
    expect(ops.nms(boxes.double(), scores.double(), 0.4).tolist()).toEqual(ref.nms64.tensor);
    expect(ops.nms(torch.zeros(0, 4), torch.zeros(0), 0.5).tolist()).toEqual([]);
    expect(() => ops.nms(boxes.index(":", ":3"), scores, 0.5)).toThrow("boxes should have 4 elements in dimension 1, got 3");
  });

  it("batched_nms keeps boxes per category as Python does", () => {
    const { boxes, scores, scores_t, idxs } = inputs();
    expect(ops.batched_nms(boxes, scores, idxs, 0.3).tolist()).toEqual(ref.batched[0].tensor);
    expect(ops.batched_nms(boxes, scores_t, idxs, 0.5).tolist()).toEqual(ref.batched[1].tensor);
  });

  it("computes box_iou, generalized_box_iou, box_area, box_convert, clip_boxes_to_image, remove_small_boxes as Python", () => {
    const { boxes, b2 } = inputs();
    const b10 = boxes.index(":10");
    expectClose(ops.box_iou(b10, b2), ref.iou);
    expectClose(ops.generalized_box_iou(b10, b2), ref.giou);
    expectClose(ops.box_area(b2), ref.area);
    expectClose(ops.box_convert(b2, "xyxy", "xywh"), ref.convert[0]);
    expectClose(ops.box_convert(b2, "xyxy", "cxcywh"), ref.convert[1]);
    expectClose(ops.box_convert(ops.box_convert(b2, "xyxy", "cxcywh"), "cxcywh", "xywh"), ref.convert[2]);
    expectClose(ops.clip_boxes_to_image(b10, [20, 25]), ref.clip);
    expect(ops.remove_small_boxes(b2, 8.0).tolist()).toEqual(ref.small.tensor);
  });

  it("roi_align gives torchvision's values and gradients (every sampling mode, aligned, float64)", () => {
    const { feat, rois } = inputs();
    const cases: [number | number[], number, number, boolean][] = [[[3, 3], 1.0, -1, false], [[2, 4], 0.5, 2, true], [4, 0.25, 0, false], [[3, 2], 1.0, 3, false]];
    cases.forEach(([os_, sc, sr, al], i) => {
      const x = feat.clone().requires_grad_();
      const y = ops.roi_align(x, rois, os_, sc, sr, al);
      y.pow(2).sum().backward();
      expectClose(y, ref.roi_align[i][0]);
      expectClose(x.grad, ref.roi_align[i][1]);
    });
    expectClose(ops.roi_align(feat.double(), rois.double(), 3, { spatial_scale: 0.5, aligned: true }), ref.roi_align64, 1e-12, 1e-12);
    expect(String(new ops.RoIAlign([3, 3], 0.5, 2))).toBe("RoIAlign(output_size=(3, 3), spatial_scale=0.5, sampling_ratio=2, aligned=False)");
  });

  it("roi_pool gives torchvision's values and gradients, from a tensor or a list of boxes", () => {
    const { feat, rois } = inputs();
    const x = feat.clone().requires_grad_();
    const y = ops.roi_pool(x, rois, [3, 4], 0.5);
    y.sum().backward();
    expectClose(y, ref.roi_pool[0]);
    expectClose(x.grad, ref.roi_pool[1]);
    expectClose(ops.roi_pool(feat, [rois.index(":2", "1:"), rois.index("2:", "1:")], 2, 1.0), ref.roi_pool[2]);
  });

  it("sigmoid_focal_loss and stochastic_depth as Python (same draws)", () => {
    const { logits, targets } = inputs();
    expectClose(ops.sigmoid_focal_loss(logits, targets), ref.focal[0]);
    expectClose(ops.sigmoid_focal_loss(logits, targets, 0.5, 1.5, "mean"), ref.focal[1]);
    expectClose(ops.sigmoid_focal_loss(logits, targets, { alpha: -1, reduction: "sum" }), ref.focal[2]);
    torch.manual_seed(3);
    const sd = new ops.StochasticDepth(0.4, "row");
    expectClose(sd(torch.ones(6, 2, 2)), ref.sd[0]);
    expectClose(ops.stochastic_depth(torch.ones(4, 3), 0.5, "batch"), ref.sd[1]);
    expect(String(sd)).toBe(ref.sd[2]);
    expect(() => ops.stochastic_depth(torch.ones(2), 1.5, "row")).toThrow("drop probability has to be between 0 and 1, but got 1.5");
  });

  it("builds Conv2dNormActivation, SqueezeExcitation, MLP and FrozenBatchNorm2d as Python: init, keys, reprs, outputs", () => {
    const { feat } = inputs();
    torch.manual_seed(4);
    const cna = new ops.Conv2dNormActivation(3, 8, 3, { stride: 2 });
    const se = new ops.SqueezeExcitation(8, 2);
    const mlp = new ops.MLP(8, [16, 4], { norm_layer: nn.LayerNorm, dropout: 0.1 });
    const fbn = new ops.FrozenBatchNorm2d(3);
    expect([String(cna), String(se), String(mlp), String(fbn)]).toEqual(ref.blocks.slice(0, 4));
    expect([...Object.keys(cna.state_dict()), ...Object.keys(se.state_dict()), ...Object.keys(mlp.state_dict())]).toEqual(ref.blocks[4]);
    cna.eval();
    expectClose(cna(feat), ref.blocks_out[0], 1e-5, 1e-5);
    expectClose(se(cna(feat)), ref.blocks_out[1], 1e-5, 1e-5);
    mlp.eval();
    expectClose(mlp(torch.ones(2, 8)), ref.blocks_out[2], 1e-5, 1e-5);
    expectClose(fbn(feat), ref.blocks_out[3]);
  });
});

describe("torchvision.utils", () => {
  it("make_grid as Python, and save_image writes Python's PNG pixels", () => {
    const { imgs } = inputs();
    expectClose(make_grid(imgs, { nrow: 2, padding: 1 }), ref.grid[0]);
    expectClose(make_grid(imgs, { normalize: true, pad_value: 0.5 }), ref.grid[1]);
    expectClose(make_grid(imgs.index(":1", ":1")), ref.grid[2]);
    const file = path.join(dir, "node.png");
    save_image(imgs, file, { nrow: 3 });
    expect(Image.open(file).tensor().tolist()).toEqual(ref.png);
  });
});

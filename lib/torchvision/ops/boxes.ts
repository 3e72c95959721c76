// torchvision/ops/boxes.py (and _box_convert.py): non-maximum suppression and box geometry on
// (x1, y1, x2, y2) boxes. nms is torchvision's C++ kernel, written here over the same ATen sort.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { bindArgs, valueError } from "../../nn/_utils";

/** float32 arithmetic for float32 boxes, as the C++ kernel's scalar_t. */
const rounder = (t: Tensor) => (t.dtype === torch.float32 ? Math.fround : (x: number) => x);

function checkNmsArgs(boxes: Tensor, scores: Tensor): void {
  if (boxes.dim() !== 2) throw new Error(`boxes should be a 2d tensor, got ${boxes.dim()}D`);
  if (boxes.size(1) !== 4) throw new Error(`boxes should have 4 elements in dimension 1, got ${boxes.size(1)}`);
  if (scores.dim() !== 1) throw new Error(`scores should be a 1d tensor, got ${scores.dim()}D`);
  if (boxes.size(0) !== scores.size(0))
    throw new Error(`boxes and scores should have same number of elements in dimension 0, got ${boxes.size(0)} and ${scores.size(0)}`);
  if (boxes.dtype !== scores.dtype) throw new Error("dets should have the same type as scores");
}

/**
 * Indices of the boxes kept by greedy non-maximum suppression, by decreasing score: a box is
 * dropped when its IoU with a kept, higher-scored box exceeds iou_threshold.
 */
export function nms(boxes: Tensor, scores: Tensor, iou_threshold: number): Tensor;
export function nms(options: { boxes: Tensor; scores: Tensor; iou_threshold: number }): Tensor;
export function nms(...args: any[]): Tensor {
  const [boxes, scores, iou_threshold] = bindArgs("nms", [["boxes"], ["scores"], ["iou_threshold"]], args);
  checkNmsArgs(boxes, scores);
  if (boxes.numel() === 0) return torch.empty([0], { dtype: torch.int64, device: boxes.device });
  const f = rounder(boxes);
  const b = boxes.detach().cpu().contiguous().to(torch.float64).numpy().data as Float64Array;
  // ties keep index order, as the kernel's sort does on the CPU
  const order = scores.detach().cpu().sort({ stable: true, dim: 0, descending: true }).indices.tolist() as number[];
  const n = order.length;
  const x1 = (i: number) => b[4 * i], y1 = (i: number) => b[4 * i + 1], x2 = (i: number) => b[4 * i + 2], y2 = (i: number) => b[4 * i + 3];
  const areas = new Float64Array(n);
  for (let i = 0; i < n; i++) areas[i] = f(f(x2(i) - x1(i)) * f(y2(i) - y1(i)));
  const suppressed = new Uint8Array(n);
  const keep: number[] = [];
  for (let _i = 0; _i < n; _i++) {
    const i = order[_i];
    if (suppressed[i]) continue;
    keep.push(i);
    for (let _j = _i + 1; _j < n; _j++) {
      const j = order[_j];
      if (suppressed[j]) continue;
      const w = Math.max(0, f(Math.min(x2(i), x2(j)) - Math.max(x1(i), x1(j))));
      const h = Math.max(0, f(Math.min(y2(i), y2(j)) - Math.max(y1(i), y1(j))));
      const inter = f(w * h);
      const ovr = f(inter / f(f(areas[i] + areas[j]) - inter));
      if (ovr > iou_threshold) suppressed[j] = 1;
    }
  }
  return torch.tensor(keep, { dtype: torch.int64 }).to(boxes.device);
}

/** nms within each category (idxs): boxes of different categories never suppress each other. */
export function batched_nms(boxes: Tensor, scores: Tensor, idxs: Tensor, iou_threshold: number): Tensor;
export function batched_nms(options: { boxes: Tensor; scores: Tensor; idxs: Tensor; iou_threshold: number }): Tensor;
export function batched_nms(...args: any[]): Tensor {
  const [boxes, scores, idxs, iou_threshold] = bindArgs("batched_nms", [["boxes"], ["scores"], ["idxs"], ["iou_threshold"]], args);
  // Python's choice of strategy, by size and device
  if (boxes.numel() > (boxes.device.type === "cpu" ? 4000 : 100000)) return _batched_nms_vanilla(boxes, scores, idxs, iou_threshold);
  return _batched_nms_coordinate_trick(boxes, scores, idxs, iou_threshold);
}

export function _batched_nms_coordinate_trick(boxes: Tensor, scores: Tensor, idxs: Tensor, iou_threshold: number): Tensor {
  if (boxes.numel() === 0) return torch.empty([0], { dtype: torch.int64, device: boxes.device });
  const max_coordinate = boxes.max();
  const offsets = idxs.to(boxes).mul(max_coordinate.add(torch.tensor(1).to(boxes)));
  const boxes_for_nms = boxes.add(offsets.index(":", null));
  return nms(boxes_for_nms, scores, iou_threshold);
}

export function _batched_nms_vanilla(boxes: Tensor, scores: Tensor, idxs: Tensor, iou_threshold: number): Tensor {
  const keep_mask = torch.zeros_like(scores, { dtype: torch.bool });
  for (const class_id of torch._unique2(idxs, true)[0].tolist() as number[]) {
    const curr_indices = torch.where(idxs.eq(class_id))[0];
    const curr_keep_indices = nms(boxes.index(curr_indices), scores.index(curr_indices), iou_threshold);
    keep_mask.index_put_([curr_indices.index(curr_keep_indices)], torch.tensor(true));
  }
  const keep_indices = torch.where(keep_mask)[0];
  return keep_indices.index(scores.index(keep_indices).sort({ descending: true })[1]);
}

/** Indices of the boxes whose sides are both at least min_size. */
export function remove_small_boxes(boxes: Tensor, min_size: number): Tensor {
  const ws = boxes.index("...", 2).sub(boxes.index("...", 0)), hs = boxes.index("...", 3).sub(boxes.index("...", 1));
  const keep = ws.ge(min_size).logical_and(hs.ge(min_size));
  return torch.where(keep)[0];
}

/** Boxes clipped to an image of size [height, width]. */
export function clip_boxes_to_image(boxes: Tensor, size: [number, number]): Tensor {
  const dim = boxes.dim();
  const [height, width] = size;
  const boxes_x = boxes.index("...", "0::2").clamp(0, width);
  const boxes_y = boxes.index("...", "1::2").clamp(0, height);
  return torch.stack([boxes_x, boxes_y], dim).reshape(boxes.shape);
}

function _box_cxcywh_to_xyxy(boxes: Tensor): Tensor {
  const [cx, cy, w, h] = boxes.unbind(-1);
  return torch.stack([cx.sub(w.mul(0.5)), cy.sub(h.mul(0.5)), cx.add(w.mul(0.5)), cy.add(h.mul(0.5))], -1);
}
function _box_xyxy_to_cxcywh(boxes: Tensor): Tensor {
  const [x1, y1, x2, y2] = boxes.unbind(-1);
  return torch.stack([x1.add(x2).div(2), y1.add(y2).div(2), x2.sub(x1), y2.sub(y1)], -1);
}
function _box_xywh_to_xyxy(boxes: Tensor): Tensor {
  const [x, y, w, h] = boxes.unbind(-1);
  return torch.stack([x, y, x.add(w), y.add(h)], -1);
}
function _box_xyxy_to_xywh(boxes: Tensor): Tensor {
  const [x1, y1, x2, y2] = boxes.unbind(-1);
  return torch.stack([x1, y1, x2.sub(x1), y2.sub(y1)], -1);
}

/** Converts boxes between 'xyxy', 'xywh' and 'cxcywh'. */
export function box_convert(boxes: Tensor, in_fmt: string, out_fmt: string): Tensor;
export function box_convert(boxes: Tensor, options: { in_fmt: string; out_fmt: string }): Tensor;
export function box_convert(...args: any[]): Tensor {
  const [boxes, in_fmt, out_fmt] = bindArgs("box_convert", [["boxes"], ["in_fmt"], ["out_fmt"]], args);
  const allowed = ["xyxy", "xywh", "cxcywh", "xywhr", "cxcywhr", "xyxyxyxy"];
  if (!allowed.includes(in_fmt) || !allowed.includes(out_fmt))
    throw valueError(`Unsupported Bounding Box Conversions for given in_fmt ${in_fmt} and out_fmt ${out_fmt}`);
  if (in_fmt === out_fmt) return boxes.clone();
  const to_xyxy: Record<string, (b: Tensor) => Tensor> = { xyxy: (b) => b, xywh: _box_xywh_to_xyxy, cxcywh: _box_cxcywh_to_xyxy };
  const from_xyxy: Record<string, (b: Tensor) => Tensor> = { xyxy: (b) => b, xywh: _box_xyxy_to_xywh, cxcywh: _box_xyxy_to_cxcywh };
  if (!(in_fmt in to_xyxy) || !(out_fmt in from_xyxy)) {
    const e = new Error(`Unsupported Bounding Box Conversions for given in_fmt ${in_fmt} and out_fmt ${out_fmt}`);
    e.name = "NotImplementedError";
    throw e;
  }
  return from_xyxy[out_fmt](to_xyxy[in_fmt](boxes));
}

/** Python's _upcast: float16/bfloat16 to float32, small integers to int32. */
function _upcast(t: Tensor): Tensor {
  if (t.is_floating_point()) return t.dtype === torch.float32 || t.dtype === torch.float64 ? t : t.float();
  return t.dtype === torch.int32 || t.dtype === torch.int64 ? t : t.int();
}

/** Areas of boxes (in 'xyxy', 'xywh' or 'cxcywh' format). */
export function box_area(boxes: Tensor, fmt: string | { fmt?: string } = "xyxy"): Tensor {
  const f = typeof fmt === "string" ? fmt : fmt.fmt ?? "xyxy";
  if (!["xyxy", "xywh", "cxcywh"].includes(f)) throw valueError(`Unsupported Bounding Box area for given format ${f}`);
  const b = _upcast(boxes);
  if (f === "xyxy") return b.index("...", 2).sub(b.index("...", 0)).mul(b.index("...", 3).sub(b.index("...", 1)));
  return b.index("...", 2).mul(b.index("...", 3));
}

function _box_inter_union(boxes1: Tensor, boxes2: Tensor, fmt = "xyxy"): [Tensor, Tensor] {
  const area1 = box_area(boxes1, fmt), area2 = box_area(boxes2, fmt);
  const a = (b: Tensor, s: string) => b.index("...", null, s), c = (b: Tensor, s: string) => b.index("...", null, ":", s);
  let lt: Tensor, rb: Tensor;
  if (fmt === "xyxy") {
    lt = torch.max(a(boxes1, ":2"), c(boxes2, ":2"));
    rb = torch.min(a(boxes1, "2:"), c(boxes2, "2:"));
  } else if (fmt === "xywh") {
    lt = torch.max(a(boxes1, ":2"), c(boxes2, ":2"));
    rb = torch.min(a(boxes1, ":2").add(a(boxes1, "2:")), c(boxes2, ":2").add(c(boxes2, "2:")));
  } else {
    lt = torch.max(a(boxes1, ":2").sub(a(boxes1, "2:").div(2)), c(boxes2, ":2").sub(c(boxes2, "2:").div(2)));
    rb = torch.min(a(boxes1, ":2").add(a(boxes1, "2:").div(2)), c(boxes2, ":2").add(c(boxes2, "2:").div(2)));
  }
  const wh = _upcast(rb.sub(lt)).clamp({ min: 0 });
  const inter = wh.index("...", 0).mul(wh.index("...", 1));
  const union = area1.index("...", null).add(area2.index("...", null, ":")).sub(inter);
  return [inter, union];
}

/** Pairwise intersection over union, [N, M], of two sets of boxes. */
export function box_iou(boxes1: Tensor, boxes2: Tensor, fmt: string | { fmt?: string } = "xyxy"): Tensor {
  const f = typeof fmt === "string" ? fmt : fmt.fmt ?? "xyxy";
  if (!["xyxy", "xywh", "cxcywh"].includes(f)) throw valueError(`Unsupported Box IoU Calculation for given fmt ${f}.`);
  const [inter, union] = _box_inter_union(boxes1, boxes2, f);
  return inter.div(union);
}

/** Pairwise generalized IoU, [N, M], of two sets of 'xyxy' boxes. */
export function generalized_box_iou(boxes1: Tensor, boxes2: Tensor): Tensor {
  const [inter, union] = _box_inter_union(boxes1, boxes2);
  const iou = inter.div(union);
  const lti = torch.min(boxes1.index("...", null, ":2"), boxes2.index("...", null, ":", ":2"));
  const rbi = torch.max(boxes1.index("...", null, "2:"), boxes2.index("...", null, ":", "2:"));
  const whi = _upcast(rbi.sub(lti)).clamp({ min: 0 });
  const areai = whi.index("...", 0).mul(whi.index("...", 1));
  return iou.sub(areai.sub(union).div(areai));
}

/** Bounding boxes, [N, 4] in 'xyxy', of N masks [N, H, W]. */
export function masks_to_boxes(masks: Tensor): Tensor {
  if (masks.numel() === 0) return torch.zeros([0, 4], { device: masks.device, dtype: torch.float32 });
  const [, h, w] = masks.shape;
  const mb = masks.bool();
  const rows = torch.any(mb, 2), cols = torch.any(mb, 1);
  const empty = torch.any(rows, 1).logical_not();
  const rf = rows.float(), cf = cols.float();
  const y1 = rf.argmax({ dim: 1 }), x1 = cf.argmax({ dim: 1 });
  const y2 = rf.flip([1]).argmax({ dim: 1 }).neg().add(h - 1), x2 = cf.flip([1]).argmax({ dim: 1 }).neg().add(w - 1);
  const out = torch.stack([x1, y1, x2, y2], 1).float();
  out.index_put_([empty], torch.tensor(0.0));
  return out;
}

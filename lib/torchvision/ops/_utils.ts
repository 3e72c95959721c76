// torchvision/ops/_utils.py: the roi formats roi_align and roi_pool take.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";

function assertion(msg: string): Error {
  const e = new Error(msg);
  e.name = "AssertionError";
  return e;
}

/** A list of [L, 4] boxes per image as one [K, 5] tensor whose first column is the image index. */
export function convert_boxes_to_roi_format(boxes: Tensor[]): Tensor {
  const cat = (ts: Tensor[]) => (ts.length === 1 ? ts[0] : torch.cat(ts, 0));
  const concat_boxes = cat(boxes);
  const ids = cat(boxes.map((b, i) => torch.full_like(b.index(":", ":1"), i)));
  return torch.cat([ids, concat_boxes], 1);
}

export function check_roi_boxes_shape(boxes: Tensor | Tensor[]): void {
  if (Array.isArray(boxes)) {
    for (const t of boxes) if (t.size(1) !== 4) throw assertion("The shape of the tensor in the boxes list is not correct as List[Tensor[L, 4]]");
  } else if (boxes instanceof Tensor) {
    if (boxes.size(1) !== 5) throw assertion("The boxes tensor shape is not correct as Tensor[K, 5]");
  } else throw assertion("boxes is expected to be a Tensor[L, 5] or a List[Tensor[K, 4]]");
}

/** Python's _pair for output_size. */
export const pair = (v: number | number[]): [number, number] => (typeof v === "number" ? [v, v] : [v[0], v[v.length === 1 ? 0 : 1]]);

/**
 * What roi_align and roi_pool read first: the rois [K, 5] as float64 numbers, the output and input
 * sizes, the float rounding of the input's dtype (the C++ kernels' scalar_t), and the empty
 * result when there is nothing to pool.
 */
export function roiSetup(input: Tensor, boxes: Tensor | Tensor[], output_size: number | number[], spatial_scale: number) {
  check_roi_boxes_shape(boxes);
  const rois: Tensor = boxes instanceof Tensor ? boxes : convert_boxes_to_roi_format(boxes);
  const [ph, pw] = pair(output_size);
  const [, C, H, W] = input.shape;
  const K = rois.size(0);
  const empty = K * C * ph * pw === 0 ? input.new_zeros([K, C, ph, pw]) : null;
  if (input.dtype !== rois.dtype) throw new Error("input should have the same type as rois");
  const r = rois.detach().cpu().contiguous().to(torch.float64).numpy().data as Float64Array;
  const f = input.dtype === torch.float64 ? (x: number) => x : Math.fround;
  return { r, f, ph, pw, C, H, W, K, empty, scale: f(spatial_scale) };
}

// torchvision/ops/roi_align.py. torchvision computes it in C++ (roi_align_kernel.cpp); here the
// kernel's sampling points and bilinear weights are computed the same way (in the input's float
// precision), and the weighted sum is a gather over the input, so autograd gives the gradient.
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import { Module } from "../../nn/module";
import { bindArgs, pyStr } from "../../nn/_utils";
import { roiSetup } from "./_utils";

/**
 * Region of Interest Align (Mask R-CNN): for each box [K, 5] (or list of [L, 4] per image), the
 * input [N, C, H, W] averaged over bilinearly sampled points of each output bin: [K, C, oh, ow].
 */
export function roi_align(input: Tensor, boxes: Tensor | Tensor[], output_size: number | number[], spatial_scale?: number, sampling_ratio?: number, aligned?: boolean): Tensor;
export function roi_align(input: Tensor, boxes: Tensor | Tensor[], output_size: number | number[], options?: { spatial_scale?: number; sampling_ratio?: number; aligned?: boolean }): Tensor;
export function roi_align(...args: any[]): Tensor {
  const [input, boxes, output_size, spatial_scale, sampling_ratio, aligned] = bindArgs("roi_align",
    [["input"], ["boxes"], ["output_size"], ["spatial_scale", 1.0], ["sampling_ratio", -1], ["aligned", false]], args);
  const { r, f, ph, pw, C, H, W, K, empty, scale } = roiSetup(input, boxes, output_size, spatial_scale);
  if (empty !== null) return empty;
  // Per roi and output bin, the 4 pixels and weights of each sampling point; the grid size
  // varies by roi, so rows are padded with zero weights to the largest.
  const per: { batch: number; pos: number[]; w: number[]; count: number }[] = [];
  let maxS = 1;
  for (let n = 0; n < K; n++) {
    const o = 5 * n;
    const off = aligned ? 0.5 : 0;
    const sw = f(f(r[o + 1] * scale) - off), sh = f(f(r[o + 2] * scale) - off);
    const ew = f(f(r[o + 3] * scale) - off), eh = f(f(r[o + 4] * scale) - off);
    let rw = f(ew - sw), rh = f(eh - sh);
    if (!aligned) { rw = Math.max(rw, 1); rh = Math.max(rh, 1); }
    const bh = f(rh / ph), bw = f(rw / pw);
    const gh = sampling_ratio > 0 ? sampling_ratio : Math.ceil(f(rh / ph)) | 0;
    const gw = sampling_ratio > 0 ? sampling_ratio : Math.ceil(f(rw / pw)) | 0;
    const count = Math.max(gh * gw, 1);
    maxS = Math.max(maxS, gh * gw);
    const pos: number[] = [], w: number[] = [];
    for (let py = 0; py < ph; py++) for (let px = 0; px < pw; px++) {
      for (let iy = 0; iy < gh; iy++) {
        const yy = f(f(sh + f(py * bh)) + f(f(f(iy + 0.5) * bh) / gh));
        for (let ix = 0; ix < gw; ix++) {
          let x = f(f(sw + f(px * bw)) + f(f(f(ix + 0.5) * bw) / gw));
          let y = yy;
          if (!(y >= -1.0 && y <= H && x >= -1.0 && x <= W)) { pos.push(0, 0, 0, 0); w.push(0, 0, 0, 0); continue; }
          if (y <= 0) y = 0;
          if (x <= 0) x = 0;
          let yl = Math.trunc(y), xl = Math.trunc(x), yh: number, xh: number;
          if (yl >= H - 1) { yh = yl = H - 1; y = yl; } else yh = yl + 1;
          if (xl >= W - 1) { xh = xl = W - 1; x = xl; } else xh = xl + 1;
          const ly = f(y - yl), lx = f(x - xl), hy = f(1 - ly), hx = f(1 - lx);
          pos.push(yl * W + xl, yl * W + xh, yh * W + xl, yh * W + xh);
          w.push(f(hy * hx), f(hy * lx), f(ly * hx), f(ly * lx));
        }
      }
      per.push({ batch: r[o] | 0, pos: pos.splice(0), w: w.splice(0), count });
    }
  }
  // rows: one per (roi, bin), padded to maxS * 4 entries
  const S4 = maxS * 4;
  const idx = new Array<number>(per.length * S4).fill(0), wt = new Array<number>(per.length * S4).fill(0);
  const counts: number[] = [], batches: number[] = [];
  per.forEach((p, i) => {
    for (let j = 0; j < p.pos.length; j++) { idx[i * S4 + j] = p.pos[j]; wt[i * S4 + j] = p.w[j]; }
    counts.push(p.count);
    if (i % (ph * pw) === 0) batches.push(p.batch);
  });
  const dev = input.device;
  const index = torch.tensor(idx, { dtype: torch.int64 }).to(dev).reshape(K, 1, ph * pw * S4).expand(K, C, ph * pw * S4);
  const weights = torch.tensor(wt, { dtype: input.dtype }).to(dev).reshape(K, 1, ph * pw, S4);
  const src = input.flatten(2).index_select(0, torch.tensor(batches, { dtype: torch.int64 }).to(dev));
  const vals = src.gather(2, index).reshape(K, C, ph * pw, S4);
  const cnt = torch.tensor(counts, { dtype: input.dtype }).to(dev).reshape(K, 1, ph * pw);
  return vals.mul(weights).sum(-1).div(cnt).reshape(K, C, ph, pw);
}

/** Module form of roi_align. */
export class RoIAlign extends Module {
  declare output_size: number | number[];
  declare spatial_scale: number;
  declare sampling_ratio: number;
  declare aligned: boolean;
  constructor(output_size: number | number[], spatial_scale: number, sampling_ratio: number, aligned?: boolean);
  constructor(options: { output_size: number | number[]; spatial_scale: number; sampling_ratio: number; aligned?: boolean });
  constructor(...args: any[]) {
    super();
    const [output_size, spatial_scale, sampling_ratio, aligned] = bindArgs("__init__",
      [["output_size"], ["spatial_scale"], ["sampling_ratio"], ["aligned", false]], args);
    Object.assign(this, { output_size, spatial_scale, sampling_ratio, aligned });
  }
  forward(input: Tensor, rois: Tensor | Tensor[]): Tensor {
    return roi_align(input, rois, this.output_size, this.spatial_scale, this.sampling_ratio, this.aligned);
  }
  __repr__(): string {
    const os = Array.isArray(this.output_size) ? pyStr(this.output_size) : String(this.output_size);
    return `${this._get_name()}(output_size=${os}, spatial_scale=${pyStr(this.spatial_scale)}, sampling_ratio=${this.sampling_ratio}, aligned=${pyStr(this.aligned)})`;
  }
}

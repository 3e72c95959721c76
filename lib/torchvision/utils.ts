// torchvision.utils: make_grid, save_image and the drawing functions (_draw.ts).
import { Tensor } from "../tensor";
import { torch } from "../torch";
import { Image } from "./image";

export { draw_bounding_boxes, draw_segmentation_masks, draw_keypoints, _generate_color_palette, _parse_colors } from "./_draw";
export type { DrawBoundingBoxesOptions, DrawSegmentationMasksOptions, DrawKeypointsOptions } from "./_draw";

export interface MakeGridOptions { nrow?: number; padding?: number; normalize?: boolean; value_range?: [number, number] | null; scale_each?: boolean; pad_value?: number; }

/** A grid of images from a tensor [B, C, H, W] or a list of [C, H, W] tensors. */
export function make_grid(tensor: Tensor | Tensor[], opts: MakeGridOptions = {}): Tensor {
  const { nrow = 8, padding = 2, normalize = false, value_range = null, scale_each = false, pad_value = 0 } = opts;
  let t = Array.isArray(tensor) ? torch.stack(tensor, 0) : tensor;
  if (t.dim() === 2) t = t.unsqueeze(0);
  if (t.dim() === 3) { if (t.size(0) === 1) t = torch.cat([t, t, t], 0); t = t.unsqueeze(0); }
  if (t.dim() === 4 && t.size(1) === 1) t = torch.cat([t, t, t], 1);
  if (normalize) {
    t = t.clone();
    const norm = (img: Tensor, lo: number, hi: number) => { img.clamp_(lo, hi); img.sub_(lo).div_(Math.max(hi - lo, 1e-5)); };
    const range = (x: Tensor) => (value_range ? value_range : [x.min().item() as number, x.max().item() as number]);
    if (scale_each) for (let i = 0; i < t.size(0); i++) { const x = t.index(i); const [lo, hi] = range(x); norm(x, lo, hi); }
    else { const [lo, hi] = range(t); norm(t, lo, hi); }
  }
  if (t.size(0) === 1) return t.squeeze(0);
  const nmaps = t.size(0);
  const xmaps = Math.min(nrow, nmaps), ymaps = Math.ceil(nmaps / xmaps);
  const height = t.size(2) + padding, width = t.size(3) + padding;
  const grid = torch.full([t.size(1), height * ymaps + padding, width * xmaps + padding], pad_value, { dtype: t.dtype });
  let k = 0;
  for (let y = 0; y < ymaps; y++) for (let x = 0; x < xmaps; x++) {
    if (k >= nmaps) break;
    grid.narrow(1, y * height + padding, height - padding).narrow(2, x * width + padding, width - padding).copy_(t.index(k));
    k++;
  }
  return grid;
}

/** Saves a tensor image (or a batch, as a grid) to a PNG file. */
export function save_image(tensor: Tensor | Tensor[], fp: string, opts: MakeGridOptions = {}): void {
  const grid = make_grid(tensor, opts);
  const nd = grid.mul(255).add_(0.5).clamp_(0, 255).permute([1, 2, 0]).to("cpu", torch.uint8);
  Image.fromarray(nd).save(fp);
}

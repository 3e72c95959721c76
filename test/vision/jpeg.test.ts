// JPEG decoding (Image.open, ImageFolder's loader, io.read_image / decode_jpeg) against PIL's
// decode of JPEGs that PIL writes: 4:4:4 and 4:2:0, several qualities, greyscale.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, Image } from "../../lib/torchvision";
import { pil_loader } from "../../lib/torchvision/datasets/folder";
import { execFileSync } from "node:child_process";
import torch from "../../lib/index";
import { py, PYTHON } from "../helpers/python";

// Debian's python3 (the 1.13 stack) has no PIL: nothing to compare with there.
const hasPIL = (() => { try { execFileSync(PYTHON, ["-c", "import PIL, numpy"], { stdio: "ignore" }); return true; } catch { return false; } })();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-jpeg-"));
let ref: { name: string; mode: string; shape: number[]; bytes: string }[];

beforeAll(() => {
  if (!hasPIL) return;
  // A smooth gradient with noise on top: edges and flat areas, as photographs have.
  ref = py(`
import numpy as np, base64
from PIL import Image
d = ${JSON.stringify(dir)}
rng = np.random.default_rng(0)
yy, xx = np.mgrid[0:97, 0:131]
base = np.stack([xx * 1.9, yy * 2.6, (xx + yy) * 1.1], -1) + rng.normal(0, 25, (97, 131, 3))
rgb = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
out = []
for sub, name in ((0, "444"), (1, "422"), (2, "420")):
    for q in (50, 75, 85, 95, 100):
        f = f"{d}/{name}_q{q}.jpg"
        rgb.save(f, quality=q, subsampling=sub)
        out.append(f)
for q in (60, 90):
    f = f"{d}/gray_q{q}.jpg"
    rgb.convert("L").save(f, quality=q)
    out.append(f)
f = f"{d}/odd.jpg"
rgb.crop((0, 0, 17, 9)).save(f, quality=85)
out.append(f)
# EXIF orientation 6: PIL's open does not rotate, nor may the decoder.
ex = Image.Exif(); ex[0x0112] = 6
f = f"{d}/exif.jpg"
rgb.crop((0, 0, 40, 20)).save(f, quality=90, exif=ex)
out.append(f)
res = []
for f in out:
    im = Image.open(f)
    a = np.asarray(im)
    res.append(dict(name=f.rsplit("/", 1)[1], mode=im.mode, shape=list(a.shape), bytes=base64.b64encode(a.tobytes()).decode()))
out = res
`);
});

function differing(a: Uint8Array, b: Uint8Array): { n: number; max: number } {
  let n = 0, max = 0;
  for (let i = 0; i < a.length; i++) { const d = Math.abs(a[i] - b[i]); if (d) { n++; max = Math.max(max, d); } }
  return { n, max };
}

describe.skipIf(!hasPIL)("JPEG decoding against PIL", () => {
  it("Image.open gives PIL's mode, size and bytes (0 differing) for every file", () => {
    expect(ref.length).toBe(19);
    for (const r of ref) {
      const im = Image.open(path.join(dir, r.name));
      expect(im.mode, r.name).toBe(r.mode);
      expect([im.height, im.width], r.name).toEqual(r.shape.slice(0, 2));
      const want = Buffer.from(r.bytes, "base64");
      expect(differing(Uint8Array.from(im.data as Uint8Array), want), r.name).toEqual({ n: 0, max: 0 });
    }
  });

  it("ImageFolder's default loader, io.read_image and io.decode_jpeg give the same bytes, [C, H, W]", () => {
    for (const r of ref.filter((x) => /420_q85|444_q75|gray_q60/.test(x.name))) {
      const f = path.join(dir, r.name);
      const want = Buffer.from(r.bytes, "base64");
      const [h, w] = r.shape, c = r.shape[2] ?? 1;
      const hwc = (t: any) => Uint8Array.from(t.permute(1, 2, 0).contiguous().numpy().data);
      const t = io.read_image(f);
      expect(t.shape).toEqual([c, h, w]);
      expect(differing(hwc(t), want).n, r.name).toBe(0);
      const d = io.decode_jpeg(io.read_file(f));
      expect(d.shape).toEqual([c, h, w]);
      expect(differing(hwc(d), want).n, r.name).toBe(0);
      expect(differing(hwc(io.decode_image(io.read_file(f))), want).n).toBe(0);
      const loaded = pil_loader(f);
      expect(loaded.mode).toBe("RGB");
      if (c === 3) expect(differing(Uint8Array.from(loaded.data as Uint8Array), want).n, r.name).toBe(0);
      expect(io.read_image(f, io.ImageReadMode.RGB).shape).toEqual([3, h, w]);
    }
    const bytes = io.read_file(path.join(dir, ref[0].name));
    expect(() => io.decode_jpeg(bytes.to(torch.int32))).toThrow("Expected a torch.uint8 tensor");
    expect(() => io.decode_jpeg(bytes.reshape(1, -1))).toThrow("Expected a 1 dimensional tensor");
  });
});

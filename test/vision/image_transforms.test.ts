// Image (PIL's role), transforms and ImageFolder against PIL/torchvision on files both sides read.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import torch from "../../lib/index";
import torchvision, { transforms, Image, ImageOps, torchvisionVersion } from "../../lib/torchvision";
import { Resampling } from "../../lib/torchvision/image";
import { ImageFolder } from "../../lib/torchvision/datasets";
import { DataLoader } from "../../lib/utils/data";
import { py } from "../helpers/python";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-vision-"));
let ref: any;
const arr = (im: Image) => im.tensor().tolist();

beforeAll(() => {
  // Python writes the fixtures (random PNGs, a JPEG, an image folder) and computes every reference.
  ref = py(`
import numpy as np, os
from PIL import Image, ImageOps
import torchvision
from torchvision import transforms as T
d = ${JSON.stringify(dir)}
rng = np.random.default_rng(0)
rgb = Image.fromarray(rng.integers(0, 256, (37, 29, 3), dtype=np.uint8), "RGB"); rgb.save(d + "/rgb.png")
L = rgb.convert("L"); L.save(d + "/l.png")
Image.fromarray(rng.integers(0, 256, (9, 7, 4), dtype=np.uint8), "RGBA").save(d + "/rgba.png")
smooth = Image.fromarray((np.add.outer(np.arange(32), np.arange(40)) * 3).astype(np.uint8), "L").convert("RGB")
smooth.save(d + "/photo.jpg", quality=95)
for c in ["b_cls", "a_cls"]:
    for i in range(3):
        os.makedirs(f"{d}/folder/{c}", exist_ok=True)
        Image.fromarray(rng.integers(0, 256, (6, 5), dtype=np.uint8), "L").save(f"{d}/folder/{c}/{2 - i}.png")
open(f"{d}/folder/a_cls/notes.txt", "w").write("not an image")
r = {}
A = lambda im: np.array(im).tolist()
F = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "lanczos": Image.LANCZOS, "box": Image.BOX, "hamming": Image.HAMMING}
r["resize"] = {k: [A(L.resize((11, 13), f)), A(L.resize((50, 61), f)), A(rgb.resize((20, 17), f))] for k, f in F.items()}
r["convert"] = [A(rgb.convert("L")), A(L.convert("1")), A(L.convert("RGB"))[3][4]]
r["rotate"] = [A(L.rotate(30)), A(L.rotate(-47.3, expand=True, fillcolor=7)), A(rgb.rotate(13.1, center=(3, 4)))]
r["invert"] = [A(ImageOps.invert(rgb)), A(ImageOps.invert(L))]
r["crop"] = A(L.crop((-3, 5, 20, 40)))
r["rgba"] = [Image.open(d + "/rgba.png").mode, A(Image.open(d + "/rgba.png"))]
jpg = Image.open(d + "/photo.jpg"); r["jpeg"] = [jpg.mode, A(jpg)]
r["to_tensor"] = [T.ToTensor()(rgb)[:, 3, :6], T.PILToTensor()(L)[:, 5, :8], T.ToTensor()(L).shape]
r["to_pil"] = [A(T.ToPILImage()(torch.linspace(0, 1, 35).view(1, 5, 7))), T.ToPILImage()(torch.zeros(3, 2, 2)).mode]
r["tf"] = {
  "resize": A(T.Resize(20)(L)), "resize_hw": A(T.Resize((10, 12), interpolation=T.InterpolationMode.NEAREST)(rgb)),
  "center": A(T.CenterCrop(10)(L)), "center_big": A(T.CenterCrop((40, 33))(L)),
  "gray": [A(T.Grayscale()(rgb)), A(T.Grayscale(3)(rgb))[2][2]],
  "t_resize": T.Resize([9, 8], antialias=True)(T.ToTensor()(rgb))[:, 4, :],
  "t_resize_plain": T.Resize([9, 8])(T.ToTensor()(rgb))[:, 4, :],
  "t_center": T.CenterCrop(5)(T.PILToTensor()(L)),
  "t_gray": T.Grayscale()(T.ToTensor()(rgb))[0, 2, :],
  "compose_repr": repr(T.Compose([T.Resize(20), T.CenterCrop(10), T.ToTensor()])),
  "resize_reprs": [repr(T.Resize(20)), repr(T.Resize([9, 8], antialias=False)), repr(T.Resize(20, max_size=30, antialias=None))],
  "resize_default": T.Resize(20).antialias,
  "f_resize_default": T.functional.resize(T.ToTensor()(rgb), [9, 8])[:, 4, :],
}
try:
    r["tf"]["t_resize_nearest_aa"] = T.Resize([9, 8], interpolation=T.InterpolationMode.NEAREST, antialias=True)(T.ToTensor()(rgb))[:, 4, :]
except ValueError as e:
    r["tf"]["t_resize_nearest_aa"] = {"error": str(e)}
try:
    T.functional.resize(T.ToTensor()(rgb), [9, 8], interpolation="bilinear")
except TypeError as e:
    r["tf"]["bad_interpolation"] = str(e)
r["version"] = torchvision.__version__
torch.manual_seed(1)
rr = T.RandomRotation(25)
r["rand_rot"] = [A(rr(L)), A(rr(L)), T.RandomRotation(30, fill=0.5)(T.ToTensor()(L))[0, 10, :]]
ra = T.RandomAffine(20, translate=(0.1, 0.2), scale=(0.8, 1.1), shear=10)
r["rand_aff"] = [A(ra(L)), A(ra(rgb)), T.RandomAffine(15, translate=(0.1, 0.1))(T.ToTensor()(L))[0, 12, :]]
r["rand_after"] = torch.rand(2)
r["affine_bilinear"] = T.functional.rotate(T.ToTensor()(L), 33.0, T.InterpolationMode.BILINEAR)[0, 10, :]
f = torchvision.datasets.ImageFolder(d + "/folder", transform=T.ToTensor())
r["folder"] = [f.classes, f.class_to_idx, [[os.path.relpath(p, d), t] for p, t in f.samples], f.targets, f[4][0]]
out = r
`);
});

describe("Image against PIL", () => {
  const L = () => Image.open(path.join(dir, "l.png"));
  const rgb = () => Image.open(path.join(dir, "rgb.png"));
  it("opens PNG as PIL's mode and pixels (L, RGB, RGBA)", () => {
    expect([L().mode, rgb().mode, rgb().size]).toEqual(["L", "RGB", [29, 37]]);
    const rgba = Image.open(path.join(dir, "rgba.png"));
    expect([rgba.mode, arr(rgba)]).toEqual(ref.rgba);
  });
  it("resize equals PIL's output for every filter, down and up, L and RGB", () => {
    const F: Record<string, number> = { nearest: Resampling.NEAREST, bilinear: Resampling.BILINEAR, bicubic: Resampling.BICUBIC, lanczos: Resampling.LANCZOS, box: Resampling.BOX, hamming: Resampling.HAMMING };
    for (const [k, f] of Object.entries(F))
      expect([arr(L().resize([11, 13], f)), arr(L().resize([50, 61], f)), arr(rgb().resize([20, 17], f))]).toEqual(ref.resize[k]);
  });
  it("convert, rotate, invert, crop equal PIL's", () => {
    expect([arr(rgb().convert("L")), arr(L().convert("1")), arr(L().convert("RGB"))[3][4]]).toEqual(
      [ref.convert[0], ref.convert[1].map((r: boolean[]) => r.map((v) => v)), ref.convert[2]]);
    expect([arr(L().rotate(30)), arr(L().rotate(-47.3, { expand: true, fillcolor: 7 })), arr(rgb().rotate(13.1, { center: [3, 4] }))]).toEqual(ref.rotate);
    expect([arr(ImageOps.invert(rgb())), arr(ImageOps.invert(L()))]).toEqual(ref.invert);
    expect(arr(L().crop([-3, 5, 20, 40]))).toEqual(ref.crop);
  });
  it("JPEG decodes close to libjpeg (different IDCT), as mode RGB", () => {
    const j = Image.open(path.join(dir, "photo.jpg"));
    expect(j.mode).toBe(ref.jpeg[0]);
    const diff = torch.tensor(arr(j)).sub(torch.tensor(ref.jpeg[1])).abs().max().item() as number;
    expect(diff).toBeLessThanOrEqual(2);
  });
  it("save writes a PNG that reads back the same; fromarray; bad files name the path", () => {
    const p = path.join(dir, "out", "saved.png");
    rgb().save(p);
    expect(arr(Image.open(p))).toEqual(arr(rgb()));
    const t = torch.arange(12, { dtype: torch.uint8 }).view(3, 4);
    expect(Image.fromarray(t).mode).toBe("L");
    expect(arr(Image.fromarray(t))).toEqual(t.tolist());
    expect(() => Image.open(path.join(dir, "missing.png"))).toThrow(`No such file or directory: '${path.join(dir, "missing.png")}'`);
    fs.writeFileSync(path.join(dir, "junk.png"), "junk");
    expect(() => Image.open(path.join(dir, "junk.png"))).toThrow(`cannot identify image file '${path.join(dir, "junk.png")}'`);
    fs.writeFileSync(path.join(dir, "cut.png"), fs.readFileSync(path.join(dir, "rgb.png")).subarray(0, 60));
    expect(() => Image.open(path.join(dir, "cut.png"))).toThrow(`cannot identify image file '${path.join(dir, "cut.png")}'`);
  });
});

describe("transforms against torchvision", () => {
  const L = () => Image.open(path.join(dir, "l.png"));
  const rgb = () => Image.open(path.join(dir, "rgb.png"));
  it("ToTensor, PILToTensor, ToPILImage", () => {
    expect(new transforms.ToTensor()(rgb()).index(":", 3, ":6").tolist()).toEqual(ref.to_tensor[0].tensor);
    const p = new transforms.PILToTensor()(L());
    expect(p.dtype.name).toBe("uint8");
    expect(p.index(":", 5, ":8").tolist()).toEqual(ref.to_tensor[1].tensor);
    expect(new transforms.ToTensor()(L()).shape).toEqual(ref.to_tensor[2]);
    expect(arr(new transforms.ToPILImage()(torch.linspace(0, 1, 35).view(1, 5, 7)))).toEqual(ref.to_pil[0]);
    expect(new transforms.ToPILImage()(torch.zeros(3, 2, 2)).mode).toBe(ref.to_pil[1]);
  });
  it("Resize, CenterCrop, Grayscale on images and tensors; Compose's repr", () => {
    const r = ref.tf;
    expect(arr(new transforms.Resize(20)(L()))).toEqual(r.resize);
    expect(arr(new transforms.Resize([10, 12], { interpolation: transforms.InterpolationMode.NEAREST })(rgb()))).toEqual(r.resize_hw);
    expect(arr(new transforms.CenterCrop(10)(L()))).toEqual(r.center);
    expect(arr(new transforms.CenterCrop([40, 33])(L()))).toEqual(r.center_big);
    expect([arr(new transforms.Grayscale()(rgb())), arr(new transforms.Grayscale(3)(rgb()))[2][2]]).toEqual(r.gray);
    const t = new transforms.ToTensor()(rgb());
    const close = (a: any, b: any) => expect(torch.tensor(a).sub(torch.tensor(b)).abs().max().item()).toBeLessThan(1e-6);
    close(new transforms.Resize([9, 8], { antialias: true })(t).index(":", 4, ":").tolist(), r.t_resize.tensor);
    close(new transforms.Resize([9, 8])(t).index(":", 4, ":").tolist(), r.t_resize_plain.tensor);
    expect(new transforms.CenterCrop(5)(new transforms.PILToTensor()(L())).tolist()).toEqual(r.t_center.tensor);
    close(new transforms.Grayscale()(t).index(0, 2, ":").tolist(), r.t_gray.tensor);
    expect(String(new transforms.Compose([new transforms.Resize(20), new transforms.CenterCrop(10), new transforms.ToTensor()]))).toBe(r.compose_repr);
  });
  it("Resize's antialias default and its repr, as the linked torch's torchvision", () => {
    const r = ref.tf;
    expect([String(new transforms.Resize(20)), String(new transforms.Resize([9, 8], { antialias: false })), String(new transforms.Resize(20, { max_size: 30, antialias: null }))]).toEqual(r.resize_reprs);
    expect(new transforms.Resize(20).antialias).toBe(r.resize_default);
    const t = new transforms.ToTensor()(rgb());
    const close = (a: any, b: any) => expect(torch.tensor(a).sub(torch.tensor(b)).abs().max().item()).toBeLessThan(1e-6);
    close((transforms.functional.resize(t, [9, 8]) as any).index(":", 4, ":").tolist(), r.f_resize_default.tensor);
    // antialias=True with nearest: ignored (torchvision 0.17+) or a ValueError (0.14)
    const nearest = () => new transforms.Resize([9, 8], { interpolation: transforms.InterpolationMode.NEAREST, antialias: true })(t);
    if (r.t_resize_nearest_aa.error !== undefined) expect(nearest).toThrow(r.t_resize_nearest_aa.error);
    else close((nearest() as any).index(":", 4, ":").tolist(), r.t_resize_nearest_aa.tensor);
    expect(() => transforms.functional.resize(t, [9, 8], "bilinear " as any)).toThrow(new TypeError(r.bad_interpolation));
  });
  it("torchvision.__version__ is the release that goes with the linked torch", () => {
    // Debian's build says 0.14.1a0; pip's wheels carry torch's local version (+cu130, +cpu).
    const release = (v: string) => /^\d+\.\d+\.\d+/.exec(v)![0];
    expect(release(torchvision.__version__)).toBe(release(ref.version));
    if (ref.version.includes("+")) expect(torchvision.__version__).toBe(ref.version);
    expect(["1.13.0a0", "1.13.1", "2.0.1", "2.13.0+cpu", "2.14.1+cu130"].map(torchvisionVersion)).toEqual(["0.14.1", "0.14.1", "0.15.1", "0.28.0+cpu", "0.29.1+cu130"]);
  });
  it("RandomRotation and RandomAffine draw Python's parameters after manual_seed (images and tensors)", () => {
    torch.manual_seed(1);
    const rr = new transforms.RandomRotation(25);
    expect(arr(rr(L()))).toEqual(ref.rand_rot[0]);
    expect(arr(rr(L()))).toEqual(ref.rand_rot[1]);
    const close = (a: any, b: any) => expect(torch.tensor(a).sub(torch.tensor(b)).abs().max().item()).toBeLessThan(1e-5);
    close(new transforms.RandomRotation(30, { fill: 0.5 })(new transforms.ToTensor()(L())).index(0, 10, ":").tolist(), ref.rand_rot[2].tensor);
    const ra = new transforms.RandomAffine(20, { translate: [0.1, 0.2], scale: [0.8, 1.1], shear: 10 });
    expect(arr(ra(L()))).toEqual(ref.rand_aff[0]);
    expect(arr(ra(rgb()))).toEqual(ref.rand_aff[1]);
    close(new transforms.RandomAffine(15, { translate: [0.1, 0.1] })(new transforms.ToTensor()(L())).index(0, 12, ":").tolist(), ref.rand_aff[2].tensor);
    expect(torch.rand(2).tolist()).toEqual(ref.rand_after.tensor);
    close((transforms.functional.rotate(new transforms.ToTensor()(L()), 33, "bilinear") as any).index(0, 10, ":").tolist(), ref.affine_bilinear.tensor);
  });
  it("Normalize and Lambda; bad input messages", () => {
    const x = torch.rand(2, 3, 3);
    const n = new transforms.Normalize([0.5, 0.25], [0.5, 2])(x);
    expect(n.tolist()).toEqual(x.clone().sub(torch.tensor([0.5, 0.25]).view(-1, 1, 1)).div(torch.tensor([0.5, 2]).view(-1, 1, 1)).tolist());
    expect(new transforms.Lambda((v: number) => v + 1)(1)).toBe(2);
    expect(() => new transforms.Normalize([0.5], [0])(x)).toThrow("std evaluated to zero after conversion to torch.float32, leading to division by zero.");
    expect(() => new transforms.Normalize([0.5], [1])(torch.zeros([1, 2, 2], { dtype: torch.uint8 }))).toThrow("Input tensor should be a float tensor. Got torch.uint8.");
    expect(() => new transforms.ToTensor()(42)).toThrow("pic should be PIL Image or ndarray. Got <class 'Number'>");
    expect(() => new transforms.RandomRotation(-3)).toThrow("If degrees is a single number, it must be positive.");
  });
});

describe("ImageFolder against torchvision", () => {
  it("classes from folder names, samples, targets and item values; a DataLoader over it", () => {
    const f = new ImageFolder(path.join(dir, "folder"), { transform: new transforms.ToTensor() });
    const [classes, c2i, samples, targets, item4] = ref.folder;
    expect(f.classes).toEqual(classes);
    expect(f.class_to_idx).toEqual(c2i);
    expect(f.samples.map(([p, t]) => [path.relative(dir, p), t])).toEqual(samples);
    expect(f.targets).toEqual(targets);
    expect(f.at(4)[0].tolist()).toEqual(item4.tensor);
    const [xb, yb] = [...new DataLoader(f, 4)][0];
    expect([xb.shape, yb.tolist()]).toEqual([[4, 3, 6, 5], targets.slice(0, 4)]);
    expect(() => new ImageFolder(path.join(dir, "nope"))).toThrow("No such file or directory");
  });
});

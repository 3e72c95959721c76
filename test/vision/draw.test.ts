// torchvision.utils.draw_bounding_boxes, draw_segmentation_masks and draw_keypoints against the
// linked Python torchvision (PIL's ImageDraw underneath): boxes, fills, oriented boxes, keypoints
// and masks pixel for pixel; labels exactly outside the text's box and close inside it (the glyphs
// are Skia's, not FreeType's); colours as PIL's ImageColor; Python's errors word for word.
import { describe, it, expect, beforeAll } from "vitest";
import torch from "../../lib/index";
import { Tensor } from "../../lib/tensor";
import { draw_bounding_boxes, draw_segmentation_masks, draw_keypoints, _parse_colors } from "../../lib/torchvision/utils";
import { getrgb } from "../../lib/torchvision/_draw";
import { py, PY_ERR } from "../helpers/python";

// Draw calls as data, run on both sides: [function, image, tensor args, options]. Lists of
// numbers are colour tuples (Python gets tuples).
type Call = [string, string, unknown[], Record<string, unknown>];
const BOXES = [[2, 3, 20, 25], [10.7, 5.2, 45.9, 38.1], [0, 0, 49, 39], [30, 30, 33, 31], [-5, 12, 8, 60], [40, -3, 70, 9], [7, 7, 7, 7], [20, 20, 24, 22]];
const ORIENTED = [[5, 5, 30, 8, 27, 30, 2, 26], [40.5, 2.2, 47.9, 20.1, 30.3, 35.8, 25.1, 12.6], [10, 30, 25, 30, 25, 38, 10, 38]];
const KPTS = [[[5, 5], [20.6, 10.2], [35, 30], [10, 35], [48, 2]], [[25, 25], [30, 5], [2, 38], [45, 36], [-1, 20]]];
const CONN = [[0, 1], [1, 2], [2, 3], [0, 3], [1, 4], [3, 4]];
const VIS = [[true, true, false, true, true], [true, true, true, true, false]];
const CALLS: Call[] = [
  ["boxes", "u8", [BOXES], {}],
  ["boxes", "u8", [BOXES], { width: 3, colors: ["red", "#00ff00", [10, 20, 30], "navy", "rgb(100%, 50%, 0%)", "hsl(200, 50%, 40%)", "#abc", "yellow"] }],
  ["boxes", "u8", [BOXES], { width: 2, fill: true }],
  ["boxes", "u8", [BOXES], { width: 6, fill: true, colors: "DarkOrchid" }],
  ["boxes", "u8", [BOXES], { width: 0, fill: true, colors: [200, 30, 90] }],
  ["boxes", "gray", [BOXES], { colors: "#ff8000", width: 2 }],
  ["boxes", "f32", [BOXES], { fill: true, colors: "hsv(120, 80%, 60%)" }],
  ["boxes", "f64", [BOXES], { width: 4 }],
  ["boxes", "u8", [ORIENTED], { width: 1 }],
  ["boxes", "u8", [ORIENTED], { width: 3, fill: true, colors: ["orange", "teal", [250, 250, 0]] }],
  ["boxes", "f32", [ORIENTED], { width: 2, fill: true }],
  ["masks", "u8", ["masks3"], {}],
  ["masks", "u8", ["masks3"], { alpha: 0.35, colors: ["red", [0, 128, 255], "#123456"] }],
  ["masks", "f32", ["masks3"], { alpha: 0.6, colors: "cyan" }],
  ["masks", "f64", ["mask2d"], { colors: [90, 200, 10] }],
  ["kpts", "u8", [KPTS], { colors: "red" }],
  ["kpts", "u8", [KPTS], { connectivity: CONN, colors: [0, 0, 255], radius: 4, width: 1 }],
  ["kpts", "u8", [KPTS], { connectivity: CONN, colors: "lime", radius: 3, width: 4, visibility: "vis" }],
  ["kpts", "u8", [KPTS], { connectivity: CONN, radius: 1, width: 2 }],
  ["kpts", "f32", [KPTS], { connectivity: CONN, colors: "#ff00ff", radius: 5, width: 3 }],
  ["kpts", "u8", [KPTS], { connectivity: CONN, colors: "gold", radius: 0, width: 7 }],
];
// Labels: [image, boxes, labels, options]; the text's box is compared loosely.
const LABELS = ["cat", "a dog", "Hello gy", "x", "person 0.93", "Ww", "", "z"];
const LABEL_CALLS: [string, number[][], (string | null)[], Record<string, unknown>][] = [
  ["u8", BOXES, LABELS, {}],
  ["u8", BOXES, LABELS.map((l, i) => (i % 3 === 1 ? null : l)), { width: 2, fill: true, label_colors: "white" }],
  ["f32", BOXES, LABELS, { fill_labels: true, label_background_colors: ["black", "white", "red", "blue", "green", "gray", "navy", "pink"] }],
  ["u8", BOXES, LABELS, { fill_labels: true, width: 3 }],
  ["u8", ORIENTED, ["one", "two", "three"], { width: 2 }],
];

function images() {
  torch.manual_seed(0);
  const u8 = torch.randint(0, 256, [3, 40, 50], { dtype: torch.uint8 });
  const gray = torch.randint(0, 256, [1, 40, 50], { dtype: torch.uint8 });
  const f32 = torch.rand(3, 40, 50);
  const f64 = torch.rand(3, 40, 50, { dtype: torch.float64 });
  const masks3 = torch.rand(3, 40, 50).gt(0.6);
  const mask2d = torch.rand(40, 50).gt(0.5);
  return { u8, gray, f32, f64, masks3, mask2d, vis: torch.tensor(VIS) } as Record<string, Tensor>;
}
const PY_IMAGES = `
torch.manual_seed(0)
imgs = dict(u8=torch.randint(0, 256, (3, 40, 50), dtype=torch.uint8), gray=torch.randint(0, 256, (1, 40, 50), dtype=torch.uint8))
imgs["f32"] = torch.rand(3, 40, 50)
imgs["f64"] = torch.rand(3, 40, 50, dtype=torch.float64)
imgs["masks3"] = torch.rand(3, 40, 50) > 0.6
imgs["mask2d"] = torch.rand(40, 50) > 0.5
imgs["vis"] = torch.tensor(${JSON.stringify(VIS).replace(/true/g, "True").replace(/false/g, "False")})
def tup(v):
    if isinstance(v, list) and v and all(isinstance(x, (int, float)) for x in v): return tuple(v)
    if isinstance(v, list): return [tup(x) for x in v]
    return v
def kw(o): return {k: (imgs[v] if k == "visibility" else tup(v)) for k, v in o.items()}
`;

function run(fn: string, image: string, args: unknown[], opts: Record<string, unknown>, ims: Record<string, Tensor>): Tensor {
  const o = { ...opts };
  if (typeof o.visibility === "string") o.visibility = ims[o.visibility];
  if (fn === "boxes") return draw_bounding_boxes(ims[image], torch.tensor(args[0] as number[][]), o);
  if (fn === "masks") return draw_segmentation_masks(ims[image], ims[args[0] as string], o);
  return draw_keypoints(ims[image], torch.tensor(args[0] as number[][][]), o);
}

let ref: any;
beforeAll(() => {
  ref = py(`
import torchvision, warnings, json
from torchvision.utils import draw_bounding_boxes, draw_segmentation_masks, draw_keypoints
from PIL import ImageColor, ImageDraw, ImageFont, Image
${PY_ERR}
${PY_IMAGES}
new = hasattr(torchvision.utils, "_parse_colors")
_parse_colors = getattr(torchvision.utils, "_parse_colors", None)
calls = json.loads(${JSON.stringify(JSON.stringify(CALLS))})
r = {"new": new, "draw": []}
for fn, image, args, opts in calls:
    def call():
        if fn == "boxes": return draw_bounding_boxes(imgs[image], torch.tensor(args[0]), **kw(opts))
        if fn == "masks": return draw_segmentation_masks(imgs[image], imgs[args[0]], **kw(opts))
        return draw_keypoints(imgs[image], torch.tensor(args[0]), **kw(opts))
    try: r["draw"].append(call())
    except Exception as e: r["draw"].append(None)
if new:
    labels = json.loads(${JSON.stringify(JSON.stringify(LABEL_CALLS))})
    r["labels"] = []
    font = ImageFont.load_default()
    d = ImageDraw.Draw(Image.new("RGB", (8, 8)))
    for image, boxes, labs, opts in labels:
        width = opts.get("width", 1)
        areas = [list(d.textbbox((int(b[0]) + width + 1, int(b[1]) + width + 1), l, font=font)) for b, l in zip(boxes, labs) if l]
        r["labels"].append([draw_bounding_boxes(imgs[image], torch.tensor(boxes), labs, **kw(opts)),
                            draw_bounding_boxes(imgs[image], torch.tensor(boxes), None, **{k: v for k, v in kw(opts).items() if k in ("colors", "fill", "width")}), areas])
    r["colors"] = [ImageColor.getrgb(c) for c in ["red", "AliceBlue", "#abc", "#abcd", "#a0b1c2", "#a0b1c2d3", "rgb(1, 2, 3)", "rgb(10%, 50%, 100%)",
                   "hsl(0, 100%, 50%)", "hsl(210, 40%, 70%)", "hsv(300, 20%, 90%)", "hsb(45, 100%, 100%)", "rgba(5, 6, 7, 8)", "rebeccapurple", "Grey"]]
    r["parse"] = [_parse_colors(None, num_objects=7), _parse_colors("red", num_objects=2, dtype=torch.float32), _parse_colors(["blue", (1, 2, 3)], num_objects=2)]
    r["parse"][0] = [[int(v) for v in c] for c in r["parse"][0]]
    u8, f32 = imgs["u8"], imgs["f32"]
    b = torch.tensor([[1., 2., 10., 12.]])
    r["errors"] = [err(f) for f in [
        lambda: draw_bounding_boxes(u8.int(), b), lambda: draw_bounding_boxes(u8[None], b), lambda: draw_bounding_boxes(u8[:2], b),
        lambda: draw_bounding_boxes(u8, torch.tensor([[5., 2., 3., 12.]])), lambda: draw_bounding_boxes(u8, torch.tensor([[1., 12., 3., 2.]])),
        lambda: draw_bounding_boxes(u8, b, ["a", "b"]), lambda: draw_bounding_boxes(u8, b.repeat(3, 1), colors=["red", "blue"]),
        lambda: draw_bounding_boxes(u8, b, colors=(1, 2)), lambda: draw_bounding_boxes(u8, b, colors=5), lambda: draw_bounding_boxes(u8, b, colors="notacolor"),
        lambda: draw_bounding_boxes([1, 2], b),
        lambda: draw_segmentation_masks(u8[:1], imgs["mask2d"]), lambda: draw_segmentation_masks(u8.short(), imgs["mask2d"]),
        lambda: draw_segmentation_masks(u8, imgs["masks3"][None]), lambda: draw_segmentation_masks(u8, imgs["masks3"].int()),
        lambda: draw_segmentation_masks(u8, imgs["masks3"][:, :30]), lambda: draw_segmentation_masks(u8, imgs["masks3"], colors=["red"]),
        lambda: draw_segmentation_masks("img", imgs["masks3"]),
        lambda: draw_keypoints(u8, torch.zeros(4, 2)), lambda: draw_keypoints(u8[None], torch.zeros(1, 4, 2)),
        lambda: draw_keypoints(u8, torch.zeros(2, 4, 2), visibility=torch.ones(8, dtype=torch.bool)),
        lambda: draw_keypoints(u8, torch.zeros(2, 4, 2), visibility=torch.ones(2, 3, dtype=torch.bool)),
        lambda: draw_keypoints(u8, torch.ones(1, 2, 2) * 5, colors="red", radius=-2),
    ]]
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r["empty"] = [draw_bounding_boxes(u8, torch.zeros(0, 4)).equal(u8), draw_segmentation_masks(u8, torch.zeros(0, 40, 50, dtype=torch.bool)).equal(u8)]
        r["warnings"] = [str(x.message) for x in w]
out = r
`);
}, 120_000);

const bytes = (t: Tensor) => t.tolist();

describe("torchvision.utils drawing against torchvision", () => {
  it("draws boxes (filled, wide, clipped, grayscale, float, oriented), masks and keypoints pixel for pixel", () => {
    const ims = images();
    const fails: string[] = [];
    if (ref.new) expect(ref.draw.filter((d: unknown) => d === null)).toEqual([]);
    CALLS.forEach(([fn, image, args, opts], i) => {
      if (ref.draw[i] === null) return;   // not in the linked torchvision
      const got = run(fn, image, args, opts, ims);
      expect(got.dtype.name, `call ${i}`).toBe(ref.draw[i].dtype);
      expect(got.shape, `call ${i}`).toEqual(ref.draw[i].shape);
      if (JSON.stringify(bytes(got)) !== JSON.stringify(ref.draw[i].tensor)) fails.push(`call ${i}: ${JSON.stringify(CALLS[i]).slice(0, 120)}`);
    });
    expect(fails).toEqual([]);
  });

  // Before torchvision 0.19 and Pillow 10.1 (Debian's 0.14 and 9.4) labels are in PIL's bitmap
  // font, colours and errors as those releases had them: these compare with 0.19+ only.
  it("writes labels in PIL's place: exact outside the text's box, close inside", (ctx) => {
    if (!ref.new) return ctx.skip();
    const ims = images();
    LABEL_CALLS.forEach(([image, boxes, labels, opts], i) => {
      const [want, noLabels, areas] = ref.labels[i];
      const got = draw_bounding_boxes(ims[image], torch.tensor(boxes), labels, opts);
      const g = got.tolist() as number[][][], w = num3(want.tensor), n = num3(noLabels.tensor);
      const scale = image === "u8" ? 1 : 255;
      const [H, W] = [g[0].length, g[0][0].length];
      const inArea = (y: number, x: number) => areas.some(([l, t, r, b]: number[]) => x >= l - 3 && x <= r + 3 && y >= t - 3 && y <= b + 3);
      let diffSum = 0, count = 0, inked = 0;
      for (let c = 0; c < 3; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
        if (!inArea(y, x)) { if (g[c][y][x] !== w[c][y][x]) expect.fail(`labels ${i}: pixel (${c}, ${y}, ${x}) outside the text: ${g[c][y][x]} vs ${w[c][y][x]}`); continue; }
        diffSum += Math.abs(g[c][y][x] - w[c][y][x]) * scale; count++;
        if (g[c][y][x] !== n[c][y][x]) inked++;
      }
      // The text is there (our pixels changed) and near PIL's (mean difference over the text boxes).
      expect(inked, `labels ${i}`).toBeGreaterThan(20);
      expect(diffSum / count, `labels ${i}`).toBeLessThan(25);
    });
  });

  it("parses colours as PIL's ImageColor and torchvision's _parse_colors", (ctx) => {
    if (!ref.new) return ctx.skip();
    const names = ["red", "AliceBlue", "#abc", "#abcd", "#a0b1c2", "#a0b1c2d3", "rgb(1, 2, 3)", "rgb(10%, 50%, 100%)",
      "hsl(0, 100%, 50%)", "hsl(210, 40%, 70%)", "hsv(300, 20%, 90%)", "hsb(45, 100%, 100%)", "rgba(5, 6, 7, 8)", "rebeccapurple", "Grey"];
    expect(names.map(getrgb)).toEqual(ref.colors);
    expect([_parse_colors(null, 7), _parse_colors("red", 2, torch.float32), _parse_colors(["blue", [1, 2, 3]], 2)]).toEqual(ref.parse);
  });

  it("raises Python's errors for bad arguments, and warns and returns the image when there is nothing to draw", (ctx) => {
    if (!ref.new) return ctx.skip();
    const { u8, mask2d, masks3 } = images();
    const b = torch.tensor([[1, 2, 10, 12]]).float();
    const calls: (() => unknown)[] = [
      () => draw_bounding_boxes(u8.int(), b), () => draw_bounding_boxes(u8.index(null), b), () => draw_bounding_boxes(u8.index(":2"), b),
      () => draw_bounding_boxes(u8, torch.tensor([[5., 2., 3., 12.]])), () => draw_bounding_boxes(u8, torch.tensor([[1., 12., 3., 2.]])),
      () => draw_bounding_boxes(u8, b, ["a", "b"]), () => draw_bounding_boxes(u8, b.repeat(3, 1), { colors: ["red", "blue"] }),
      () => draw_bounding_boxes(u8, b, { colors: [1, 2] }), () => draw_bounding_boxes(u8, b, { colors: 5 as any }), () => draw_bounding_boxes(u8, b, { colors: "notacolor" }),
      () => draw_bounding_boxes([1, 2] as any, b),
      () => draw_segmentation_masks(u8.index(":1"), mask2d), () => draw_segmentation_masks(u8.short(), mask2d),
      () => draw_segmentation_masks(u8, masks3.index(null)), () => draw_segmentation_masks(u8, masks3.int()),
      () => draw_segmentation_masks(u8, masks3.index(":", ":30")), () => draw_segmentation_masks(u8, masks3, { colors: ["red"] }),
      () => draw_segmentation_masks("img" as any, masks3),
      () => draw_keypoints(u8, torch.zeros(4, 2)), () => draw_keypoints(u8.index(null), torch.zeros(1, 4, 2)),
      () => draw_keypoints(u8, torch.zeros(2, 4, 2), { visibility: torch.ones(8, { dtype: torch.bool }) }),
      () => draw_keypoints(u8, torch.zeros(2, 4, 2), { visibility: torch.ones(2, 3, { dtype: torch.bool }) }),
      () => draw_keypoints(u8, torch.ones(1, 2, 2).mul(5), { colors: "red", radius: -2 }),
    ];
    const got = calls.map((f) => { try { f(); return null; } catch (e: any) { return [e.name === "Error" ? "Error" : e.name, e.message]; } });
    expect(got).toEqual(ref.errors);
    const warned: string[] = [];
    const orig = process.emitWarning;
    process.emitWarning = ((m: string) => { warned.push(String(m)); }) as any;
    try {
      expect([draw_bounding_boxes(u8, torch.zeros(0, 4)).equal(u8), draw_segmentation_masks(u8, torch.zeros([0, 40, 50], { dtype: torch.bool })).equal(u8)]).toEqual(ref.empty);
    } finally { process.emitWarning = orig; }
    for (const m of ref.warnings) expect(warned).toContain(m);
  });
});

const num3 = (v: any) => v as number[][][];

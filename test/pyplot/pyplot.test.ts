import { describe, it, expect, beforeEach, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import plt from "../../lib/pyplot";
import { parseFmt } from "../../lib/pyplot/colors";
import torch from "../../lib/index";
import { Image } from "../../lib/torchvision/image";
import { execFileSync } from "node:child_process";
import { PYTHON } from "../helpers/python";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-pyplot-"));
const read = (f: string) => PNG.sync.read(fs.readFileSync(f));
const px = (png: PNG, x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4));
function save(name: string): PNG {
  const f = path.join(dir, name);
  plt.savefig(f);
  plt.close();
  return read(f);
}
function countColor(png: PNG, rgb: number[], tol = 8): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i] - rgb[0]) <= tol && Math.abs(png.data[i + 1] - rgb[1]) <= tol && Math.abs(png.data[i + 2] - rgb[2]) <= tol) n++;
  }
  return n;
}

beforeEach(() => plt.close("all"));

describe("figure size", () => {
  it("writes figsize x dpi pixels, as matplotlib's savefig", () => {
    plt.figure({ figsize: [10, 8], dpi: 60 });
    plt.plot([1, 2, 3]);
    let png = save("a.png");
    expect([png.width, png.height]).toEqual([600, 480]);
    plt.plot([1, 2, 3]); // default figure: 6.4 x 4.8 in at 100 dpi
    png = save("b.png");
    expect([png.width, png.height]).toEqual([640, 480]);
    plt.subplots(1, 5, { figsize: [15, 3] });
    png = save("c.png");
    expect([png.width, png.height]).toEqual([1500, 300]);
    plt.figure({ figsize: [2, 1] });
    plt.plot([0, 1]);
    plt.savefig(path.join(dir, "d.png"), { dpi: 50 });
    png = read(path.join(dir, "d.png"));
    expect([png.width, png.height]).toEqual([100, 50]);
  });

  it("rejects what matplotlib rejects", () => {
    expect(() => plt.figure({ figsize: [0, 3] })).toThrow("figure size must be positive finite");
    expect(() => plt.subplot(2, 2, 5)).toThrow("num must be an integer with 1 <= num <= 4, not 5");
    expect(() => plt.savefig(path.join(dir, "x.tiff"))).toThrow("Format 'tiff' is not supported (supported formats: jpeg, jpg, pdf, png, svg, webp)");
  });
});

describe("imshow", () => {
  // A 4 x 4 image filling a square figure: each data pixel is a 100 x 100 block.
  function full(X: any, opts: any = {}): PNG {
    plt.figure({ figsize: [4, 4], dpi: 100 });
    plt.subplots_adjust({ left: 0, right: 1, bottom: 0, top: 1 });
    plt.imshow(X, opts);
    plt.axis("off");
    return save("img.png");
  }
  const vals = [[0, 10, 20, 30], [40, 50, 60, 70], [80, 90, 100, 110], [120, 130, 140, 150]];

  it("maps values to gray between the data's min and max (cmap 'gray')", () => {
    const png = full(torch.tensor(vals), { cmap: "gray" });
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      const g = Math.round((vals[i][j] / 150) * 255);
      const p = px(png, j * 100 + 50, i * 100 + 50);
      expect(Math.abs(p[0] - g)).toBeLessThanOrEqual(1);
      expect(p[1]).toBe(p[0]);
      expect(p[3]).toBe(255);
    }
  });

  it("uses viridis by default, from #440154 to #fde725", () => {
    const png = full(vals);
    expect(px(png, 50, 50).slice(0, 3)).toEqual([0x44, 0x01, 0x54]);
    expect(px(png, 350, 350).slice(0, 3)).toEqual([0xfd, 0xe7, 0x25]);
  });

  it("takes a tensor, t.numpy() and an Image alike", () => {
    const t = torch.tensor(vals, { dtype: torch.uint8 });
    const a = full(t, { cmap: "gray" }).data;
    const b = full(t.numpy(), { cmap: "gray" }).data;
    const im = new Image("L", [4, 4], Uint8Array.from(vals.flat()));
    const c = full(im, { cmap: "gray" }).data;
    expect(Buffer.compare(a, b)).toBe(0);
    expect(Buffer.compare(a, c)).toBe(0);
  });

  it("refuses a 1 x 28 x 28 tensor with matplotlib's message", () => {
    expect(() => plt.imshow(torch.zeros(1, 28, 28))).toThrow("Invalid shape (1, 28, 28) for image data");
    expect(() => plt.imshow([[0, 1]], { cmap: "nope" })).toThrow("'nope' is not a valid value for cmap");
  });

  it("puts ticks at pixel centres with the y axis going down", () => {
    plt.imshow(torch.zeros(28, 28));
    expect(plt.gca().get_xticks()).toEqual([-5, 0, 5, 10, 15, 20, 25, 30]);
    expect(plt.gca().get_ylim()).toEqual([27.5, -0.5]);
  });
});

describe("plot", () => {
  it("reads format strings as matplotlib does", () => {
    expect(parseFmt("-x")).toEqual({ linestyle: "-", marker: "x" });
    expect(parseFmt("r*")).toEqual({ color: "#ff0000", marker: "*", linestyle: "None" });
    expect(parseFmt("g*-")).toEqual({ color: "#008000", marker: "*", linestyle: "-" });
    expect(parseFmt("b")).toEqual({ color: "#0000ff", linestyle: "-" });
    expect(parseFmt("--")).toEqual({ linestyle: "--" });
    expect(parseFmt("k-.o")).toEqual({ color: "#000000", linestyle: "-.", marker: "o" });
    expect(parseFmt("C3")).toEqual({ color: "#d62728", linestyle: "-" });
    expect(parseFmt("red")).toEqual({ color: "red", linestyle: "-" });
    expect(() => parseFmt("q")).toThrow("'q' is not a valid format string (unrecognized character 'q')");
    expect(() => parseFmt("ox")).toThrow("'ox' is not a valid format string (two marker symbols)");
  });

  it("draws markers without a line for 'r*', a line for 'g*-', the default color C0 for '-x'", () => {
    plt.plot([0, 1, 2, 3], [0, 1, 2, 3], "r*");
    let png = save("r.png");
    const red = countColor(png, [255, 0, 0]);
    expect(red).toBeGreaterThan(4 * 10); // four stars
    expect(red).toBeLessThan(4 * 120); // and no line between them
    plt.plot([0, 1, 2, 3], [0, 1, 2, 3], "g*-");
    png = save("g.png");
    expect(countColor(png, [0, 128, 0])).toBeGreaterThan(400); // a diagonal line across the axes
    plt.plot([0.9, 0.8, 0.7], "-x");
    png = save("c0.png");
    expect(countColor(png, [0x1f, 0x77, 0xb4], 4)).toBeGreaterThan(200);
  });

  it("plots the columns of a 2-D tensor against x, as tutorial 001's plot_function does", () => {
    const x = torch.linspace(0.1, 4, 100).index(":", null);
    const lines = plt.plot(x, torch.log(x), "r");
    expect(lines.length).toBe(1);
    expect(lines[0].xs.length).toBe(100);
    expect(lines[0].ys[99]).toBeCloseTo(Math.log(4), 5);
    expect(() => plt.plot([1, 2, 3], [1, 2])).toThrow("x and y must have same first dimension, but have shapes (3,) and (2,)");
  });

  it("xticks([]) removes the ticks", () => {
    plt.plot([0, 1, 2, 3, 4], [0, 1, 4, 9, 16]);
    expect(plt.gca().get_xticks().length).toBeGreaterThan(3);
    plt.xticks([]);
    expect(plt.gca().get_xticks()).toEqual([]);
    plt.yticks([0, 8, 16], ["zero", "eight", "sixteen"]);
    expect(plt.gca().get_yticklabels().map((t) => t.get_text())).toEqual(["zero", "eight", "sixteen"]);
  });

  it("draws a legend box where asked", () => {
    const draw = (legend: boolean) => {
      plt.plot([0, 1], [0, 0], { label: "a" });
      plt.plot([0, 1], [0, 1], "r*", { label: "b" });
      if (legend) plt.legend(["Train Loss", "Test Loss"], { loc: "lower right" });
      return save(legend ? "leg.png" : "noleg.png");
    };
    const without = draw(false), withLegend = draw(true);
    // The lower-right corner of the axes (x 400..570, y 330..420) holds the legend's frame and text.
    let diff = 0;
    for (let y = 330; y < 420; y++) for (let x = 400; x < 570; x++) if (px(without, x, y)[0] !== px(withLegend, x, y)[0]) diff++;
    expect(diff).toBeGreaterThan(300);
    expect(() => plt.legend({ loc: "top" })).toThrow("'top' is not a valid value for loc");
  });
});

// The same figures drawn by matplotlib (python3-matplotlib, Agg): limits, tick locations,
// tick labels and axes positions must agree.
const mplVersion = (() => { try { return execFileSync(PYTHON, ["-c", "import matplotlib; print(matplotlib.__version__)"]).toString().trim(); } catch { return null; } })();
const hasMatplotlib = mplVersion != null;
const x30 = Array.from({ length: 30 }, (_, i) => i * 6400), y30 = x30.map((_, i) => 2.3 * Math.exp(-i / 5) + 0.05 * Math.sin(i));
const lin = Array.from({ length: 100 }, (_, i) => 0.01 + (i * 3.99) / 99);
const CASES: any[] = [
  { plots: [[[1, 2, 3]]] },
  { plots: [[[0, 1, 2, 3, 4], [0, 1, 4, 9, 16]]] },
  { plots: [[[0.1, 0.6, 0.72, 0.78, 0.8, 0.83], "-x"]] },
  { figsize: [10, 8], dpi: 60, plots: [[x30, y30, { color: "blue" }], [[0, 60000, 120000, 180000], [0.0023, 0.0001, 0.0001, 0.0001], "r*"], [[0, 60000, 120000, 180000], [0.0896, 0.9636, 0.9746, 0.9762], "g*-"]] },
  { plots: [[lin, lin.map(Math.log), "r"]] },
  { plots: [[[0, 2e6]]] },
  { plots: [[[0, 1e-5]]] },
  { plots: [[[-3, 7], [-1000, 500]]] },
  { figsize: [3, 2], plots: [[[0, 1], [0, 100]]] },
  { imshow: [28, 28] },
  { imshow: [10, 40] },
  { subplots: [3, 3, 8], plots: [[[1, 2]]] },
  { figsize: [15, 3], subplots: [1, 5, 3], imshow: [28, 28] },
];
describe.skipIf(!hasMatplotlib)("against matplotlib", () => {
  const ref = hasMatplotlib ? JSON.parse(execFileSync(PYTHON, ["-c", `
import json, sys, numpy as np, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
out = []
for c in json.loads(sys.argv[1]):
    kw = {k: c[k] for k in ("figsize", "dpi") if k in c}
    fig = plt.figure(**kw)
    r, co, i = c.get("subplots", [1, 1, 1])
    ax = fig.add_subplot(r, co, i)
    for p in c.get("plots", []):
        args = [a for a in p if not isinstance(a, dict)]
        kws = [a for a in p if isinstance(a, dict)]
        ax.plot(*args, **(kws[0] if kws else {}))
    if "imshow" in c: ax.imshow(np.zeros(c["imshow"]))
    fig.canvas.draw()
    out.append(dict(xlim=list(ax.get_xlim()), ylim=list(ax.get_ylim()), xticks=list(map(float, ax.get_xticks())), yticks=list(map(float, ax.get_yticks())),
        xlabels=[t.get_text() for t in ax.get_xticklabels()], ylabels=[t.get_text() for t in ax.get_yticklabels()],
        yoffset=ax.yaxis.get_offset_text().get_text(), pos=list(ax.get_position().bounds)))
    plt.close(fig)
print(json.dumps(out))
`, JSON.stringify(CASES)]).toString()) : [];

  it("draws imshow's pixels as matplotlib's Agg does", () => {
    const f = path.join(dir, "mpl.png");
    const vals = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => ((i * 8 + j) * 37) % 101));
    execFileSync(PYTHON, ["-c", `
import json, sys, numpy as np, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
fig = plt.figure(figsize=(4, 4), dpi=100)
fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
plt.imshow(np.array(json.loads(sys.argv[1])), cmap="gray")
plt.axis("off")
fig.savefig(sys.argv[2])
`, JSON.stringify(vals), f]);
    const want = read(f);
    plt.figure({ figsize: [4, 4], dpi: 100 });
    plt.subplots_adjust({ left: 0, right: 1, bottom: 0, top: 1 });
    plt.imshow(torch.tensor(vals), { cmap: "gray" });
    plt.axis("off");
    const got = save("ours.png");
    expect([got.width, got.height]).toEqual([want.width, want.height]);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) expect(px(got, j * 50 + 25, i * 50 + 25)).toEqual(px(want, j * 50 + 25, i * 50 + 25));
  });

  it("tight_layout places axes within 0.035 of matplotlib's positions (text metrics differ)", () => {
    const want = JSON.parse(execFileSync(PYTHON, ["-c", `
import json, numpy as np, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
fig = plt.figure(figsize=(10, 8), dpi=60)
for i in range(9):
    plt.subplot(3, 3, i + 1); plt.tight_layout(); plt.imshow(np.zeros((28, 28)), cmap='gray'); plt.title('Ground Truth: 7'); plt.xticks([]); plt.yticks([])
fig.canvas.draw()
a = [list(ax.get_position().bounds) for ax in fig.axes]
fig = plt.figure()
plt.plot([0.1, 0.5, 0.8]); plt.xlabel('epoch'); plt.ylabel('accuracy'); plt.title('Accuracy'); plt.tight_layout()
fig.canvas.draw()
print(json.dumps(a + [list(fig.axes[0].get_position().bounds)]))
`]).toString());
    let fig = plt.figure({ figsize: [10, 8], dpi: 60 });
    for (let i = 0; i < 9; i++) {
      plt.subplot(3, 3, i + 1); plt.tight_layout(); plt.imshow(torch.zeros(28, 28), { cmap: "gray" });
      plt.title("Ground Truth: 7"); plt.xticks([]); plt.yticks([]);
    }
    const got = fig.axes.map((ax) => ax.get_position().bounds as number[]);
    fig = plt.figure();
    plt.plot([0.1, 0.5, 0.8]); plt.xlabel("epoch"); plt.ylabel("accuracy"); plt.title("Accuracy"); plt.tight_layout();
    got.push(fig.axes[0].get_position().bounds);
    expect(got.length).toBe(want.length);
    got.forEach((b, i) => b.forEach((v, j) => expect(Math.abs(v - want[i][j])).toBeLessThan(0.035)));
    plt.close("all");
  });

  CASES.forEach((c, k) => {
    it(`case ${k}: ${JSON.stringify(c).slice(0, 60)}`, () => {
      plt.figure({ figsize: c.figsize, dpi: c.dpi });
      const [r, co, i] = c.subplots ?? [1, 1, 1];
      const ax = plt.subplot(r, co, i);
      for (const p of c.plots ?? []) ax.plot(...p);
      if (c.imshow) ax.imshow(torch.zeros(...c.imshow));
      const want = ref[k];
      const close = (a: number[], b: number[], tol: number) => { expect(a.length).toBe(b.length); a.forEach((v, j) => expect(Math.abs(v - b[j])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[j])))); };
      close(ax.get_xlim(), want.xlim, 1e-9);
      close(ax.get_ylim(), want.ylim, 1e-9);
      close(ax.get_xticks(), want.xticks, 1e-9);
      close(ax.get_yticks(), want.yticks, 1e-9);
      expect(ax.get_xticklabels().map((t) => t.get_text())).toEqual(want.xlabels);
      expect(ax.get_yticklabels().map((t) => t.get_text())).toEqual(want.ylabels);
      close(ax.get_position().bounds, want.pos, 1e-9);
      plt.close();
    });
  });
});

describe("subplots, show", () => {
  it("returns axes shaped as matplotlib's: one, a row, a grid", () => {
    let [fig, ax] = plt.subplots();
    expect(ax).toBeInstanceOf(plt.Axes);
    [fig, ax] = plt.subplots(1, 5, { figsize: [15, 3] });
    expect(ax.length).toBe(5);
    expect(fig.axes.length).toBe(5);
    [, ax] = plt.subplots(2, 3);
    expect([ax.length, ax[0].length]).toEqual([2, 3]);
    ax[1][2].set_title("t");
    expect(ax[1][2].get_title()).toBe("t");
  });

  it("subplot(3, 3, i) selects the same axes again", () => {
    const a = plt.subplot(3, 3, 2);
    plt.subplot(3, 3, 5);
    expect(plt.subplot(3, 3, 2)).toBe(a);
    expect(plt.subplot(332)).toBe(a);
  });

  it("show() saves every open figure into savefig.directory, prints the paths and closes them", () => {
    const old = plt.rcParams["savefig.directory"];
    plt.rcParams["savefig.directory"] = dir;
    try {
      plt.figure("samples", { figsize: [3, 2] });
      plt.imshow(torch.rand(28, 28), { cmap: "gray" });
      plt.figure();
      plt.plot([1, 2]);
      const logs: string[] = [];
      const orig = console.log;
      console.log = (s: string) => logs.push(s);
      let files: string[];
      try { files = plt.show(); } finally { console.log = orig; }
      expect(path.basename(files[0])).toBe("samples.png");
      expect(files.length).toBe(2);
      for (const f of files) expect(read(f).width).toBeGreaterThan(0);
      expect(logs.join("\n")).toContain(files[1]);
      expect(plt.get_fignums()).toEqual([]);
      expect(read(files[0]).width).toBe(300);
    } finally {
      plt.rcParams["savefig.directory"] = old;
    }
  });

  it("tight_layout keeps a 3 x 3 grid of titled images inside the figure without overlaps", () => {
    plt.figure({ figsize: [10, 8], dpi: 60 });
    for (let i = 0; i < 9; i++) {
      plt.subplot(3, 3, i + 1);
      plt.tight_layout();
      plt.imshow(torch.rand(28, 28), { cmap: "gray" });
      plt.title(`Ground Truth: ${i}`);
      plt.xticks([]);
      plt.yticks([]);
    }
    const png = save("grid.png");
    // Rows of pixels: the first 5 px are margin (white); titles sit above each image row.
    for (let y = 0; y < 5; y++) for (let x = 0; x < png.width; x += 7) expect(px(png, x, y)[0]).toBe(255);
    expect([png.width, png.height]).toEqual([600, 480]);
  });
});

describe("savefig formats", () => {
  const draw = () => { plt.figure(); plt.plot([1, 2, 3], { label: "a" }); plt.title("two\nlines"); plt.legend(); };
  it("writes PDF and SVG as vector pages of figsize x 72 points, by extension or format", () => {
    draw();
    plt.savefig(path.join(dir, "v.pdf"));
    plt.savefig(path.join(dir, "v.svg"));
    plt.savefig(path.join(dir, "v_noext"), { format: "pdf" });
    const pdf = fs.readFileSync(path.join(dir, "v.pdf")).toString("latin1");
    expect(pdf.startsWith("%PDF-")).toBe(true);
    expect(pdf).not.toContain("/Subtype /Image"); // lines and text are vector, nothing rasterised
    expect(fs.readFileSync(path.join(dir, "v_noext")).subarray(0, 5).toString()).toBe("%PDF-");
    const svg = fs.readFileSync(path.join(dir, "v.svg"), "utf8");
    expect(svg).toMatch(/<svg[^>]* width="460.8pt" height="345.6pt" viewBox="0 0 460.8 345.6"/);
    expect(svg).toContain("<path");
    expect(svg).not.toContain("<image");
    plt.close();
  });

  it("embeds imshow's pixels as an image in PDF and SVG, and writes JPEG by extension", () => {
    plt.imshow([[0, 1], [1, 0]]);
    plt.savefig(path.join(dir, "i.pdf"));
    plt.savefig(path.join(dir, "i.svg"));
    plt.savefig(path.join(dir, "i.jpg"));
    expect(fs.readFileSync(path.join(dir, "i.pdf")).toString("latin1")).toContain("/Subtype /Image");
    expect(fs.readFileSync(path.join(dir, "i.svg"), "utf8")).toContain("<image");
    expect([...fs.readFileSync(path.join(dir, "i.jpg")).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    plt.close();
  });
});

describe.skipIf(!hasMatplotlib)("text sizes and layout against matplotlib", () => {
  // Each case runs in both: positions (figure fractions) and ticks after the same calls.
  const CASES: Record<string, { js: () => void; py: string }> = {
    tick_params: {
      js: () => { plt.plot([0, 1, 2, 3]); plt.tick_params({ axis: "x", labelsize: 20 }); },
      py: `plt.plot([0, 1, 2, 3]); plt.tick_params(axis="x", labelsize=20)`,
    },
    xticks_fontsize: {
      js: () => { plt.plot([0, 1, 2, 3]); (plt.xticks as any)({ fontsize: 20, rotation: 45 }); plt.tight_layout(); },
      py: `plt.plot([0, 1, 2, 3]); plt.xticks(fontsize=20, rotation=45); plt.tight_layout()`,
    },
    multiline: {
      js: () => {
        plt.plot([1, 2]); plt.title("first\nsecond\nthird"); plt.xlabel("x\nunits", { fontsize: "large" }); plt.ylabel("y", { size: 14 });
        plt.tight_layout();
      },
      py: `plt.plot([1, 2]); plt.title("first\\nsecond\\nthird"); plt.xlabel("x\\nunits", fontsize="large"); plt.ylabel("y", size=14)
plt.tight_layout()`,
    },
    later_axes: {
      js: () => { plt.subplot(2, 2, 1); plt.plot([1, 2]); plt.title("A"); plt.tight_layout(); plt.subplot(2, 2, 4); plt.plot([1, 2]); },
      py: `plt.subplot(2, 2, 1); plt.plot([1, 2]); plt.title("A"); plt.tight_layout(); plt.subplot(2, 2, 4); plt.plot([1, 2])`,
    },
    adjust: {
      js: () => { plt.subplots(1, 2); plt.subplots_adjust({ left: 0.2, wspace: 0.5, top: 0.7 }); },
      py: `plt.subplots(1, 2); plt.subplots_adjust(left=0.2, wspace=0.5, top=0.7)`,
    },
  };
  let ref: any;
  beforeAll(() => {
    ref = JSON.parse(execFileSync(PYTHON, ["-c", `
import json, sys, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
out = {}
for name, code in json.loads(sys.argv[1]).items():
    plt.figure(); exec(code); fig = plt.gcf(); fig.canvas.draw()
    out[name] = dict(pos=[list(a.get_position().bounds) for a in fig.axes], xticks=list(map(float, fig.axes[0].get_xticks())))
    plt.close("all")
print(json.dumps(out))
`, JSON.stringify(Object.fromEntries(Object.entries(CASES).map(([k, v]) => [k, v.py])))]).toString());
  });
  for (const [name, c] of Object.entries(CASES)) {
    // Debian's matplotlib 3.6 spaces multi-line text wider than 3.10+, whose spacing is followed.
    const tol = name === "multiline" && /^3\.[0-9]\./.test(mplVersion ?? "") ? 0.03 : 0.011;
    it(name, () => {
      plt.figure();
      c.js();
      const fig = plt.gcf(), want = ref[name];
      expect(fig.axes.length).toBe(want.pos.length);
      fig.axes.forEach((ax, i) => ax.get_position().bounds.forEach((v, j) => expect(Math.abs(v - want.pos[i][j]), `axes ${i} [${j}]`).toBeLessThan(tol)));
      const xt = fig.axes[0].get_xticks();
      expect(xt.length).toBe(want.xticks.length);
      xt.forEach((v, i) => expect(v).toBeCloseTo(want.xticks[i], 12));
      plt.close("all");
    });
  }

  it("refuses what matplotlib refuses", () => {
    expect(() => plt.subplots_adjust({ left: 0.9, right: 0.1 })).toThrow("left cannot be >= right");
    expect(() => plt.title("t", { fontsize: "huge" })).toThrow("Size is invalid");
    expect(plt.xlabel("x", { fontsize: "small" }).fontsize).toBeCloseTo(8.33, 5);
    plt.close("all");
  });
});

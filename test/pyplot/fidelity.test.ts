// Pixel differences between figures drawn by torch-node/pyplot and by the linked Python's
// matplotlib (Agg, default style, same figsize and dpi, DejaVu Sans on both sides). Text is
// rasterised by Skia here and by FreeType there, so the bounds allow for glyph antialiasing;
// layout faults (a missing tick row, a shifted axes, a one-line title) exceed them.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { PNG } from "pngjs";
import plt from "../../lib/pyplot";
import { PYTHON } from "../helpers/python";

const mplVersion = (() => { try { return execFileSync(PYTHON, ["-c", "import matplotlib; print(matplotlib.__version__)"]).toString().trim(); } catch { return null; } })();
const hasMatplotlib = mplVersion != null;
// Debian's matplotlib 3.6 places titles and tight_layout's grid a pixel or two apart from 3.10+
// (the release these figures follow), so its grid and digit figures get wider bounds.
const oldMpl = hasMatplotlib && /^3\.[0-9]\./.test(mplVersion!);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-fidelity-"));

const xs = Array.from({ length: 50 }, (_, i) => (i * 2 * Math.PI) / 49);
const digit = Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => {
  const r = Math.hypot(i - 14, (j - 14) * 1.6);
  return r > 6 && r < 10 ? 255 * (1 - Math.abs(r - 8) / 2) : 0;
}));
const pts = Array.from({ length: 12 }, (_, i) => [Math.cos(i * 1.7) * 3 + i, Math.sin(i * 2.3) * 2 + i / 2]);
const DATA = { xs, digit, pts };

// Each figure: torch-node's drawing and the same figure in Python (D holds DATA there).
// bound: the most the figure may differ (fraction of pixels, mean abs difference in 0..255).
const FIGURES: Record<string, { js: () => void; py: string; bound: [number, number]; oldBound?: [number, number] }> = {
  line: {
    bound: [0.045, 3],
    js: () => {
      plt.figure();
      plt.plot(xs, xs.map(Math.sin), { label: "sin" });
      plt.plot(xs, xs.map(Math.cos), "--", { label: "cos" });
      plt.title("Training"); plt.xlabel("epoch"); plt.ylabel("loss"); plt.legend();
    },
    py: `plt.figure()
plt.plot(D["xs"], np.sin(D["xs"]), label="sin")
plt.plot(D["xs"], np.cos(D["xs"]), "--", label="cos")
plt.title("Training"); plt.xlabel("epoch"); plt.ylabel("loss"); plt.legend()`,
  },
  grid: {
    bound: [0.045, 4.5], oldBound: [0.09, 11],
    js: () => {
      plt.figure({ figsize: [10, 8], dpi: 60 });
      for (let i = 0; i < 9; i++) {
        plt.subplot(3, 3, i + 1); plt.tight_layout();
        plt.imshow(digit, { cmap: "gray", interpolation: "none" });
        plt.title(`Ground Truth: ${i}`); plt.xticks([]); plt.yticks([]);
      }
    },
    py: `plt.figure(figsize=(10, 8), dpi=60)
for i in range(9):
    plt.subplot(3, 3, i + 1); plt.tight_layout()
    plt.imshow(D["digit"], cmap="gray", interpolation="none")
    plt.title(f"Ground Truth: {i}"); plt.xticks([]); plt.yticks([])`,
  },
  stars: {
    bound: [0.028, 2],
    js: () => {
      plt.figure({ figsize: [5, 4] });
      plt.plot(pts.map((p) => p[0]), pts.map((p) => p[1]), "r*", { label: "points" });
      plt.legend({ loc: "upper left" });
    },
    py: `plt.figure(figsize=(5, 4))
plt.plot([p[0] for p in D["pts"]], [p[1] for p in D["pts"]], "r*", label="points")
plt.legend(loc="upper left")`,
  },
  digit: {
    bound: [0.032, 2.6], oldBound: [0.042, 3.4],
    js: () => {
      plt.figure({ figsize: [3, 3] });
      plt.imshow(digit, { cmap: "gray" });
      plt.title("Label: 7\nPrediction: 7");
    },
    py: `plt.figure(figsize=(3, 3))
plt.imshow(D["digit"], cmap="gray")
plt.title("Label: 7\\nPrediction: 7")`,
  },
  fontsize: {
    bound: [0.03, 2],
    js: () => {
      plt.figure();
      plt.plot([0, 1, 2, 3], [3, 1, 4, 1]);
      (plt.xticks as any)({ fontsize: 20 });
      (plt.yticks as any)({ fontsize: 6 });
      (plt.title as any)("Big title", { fontsize: 18 });
    },
    py: `plt.figure()
plt.plot([0, 1, 2, 3], [3, 1, 4, 1])
plt.xticks(fontsize=20)
plt.yticks(fontsize=6)
plt.title("Big title", fontsize=18)`,
  },
};

/** Fraction of pixels that differ in any channel, and the mean absolute difference over all channels. */
function compare(a: PNG, b: PNG): { frac: number; mad: number } {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let n = 0, sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let any = false;
    for (let c = 0; c < 3; c++) { const d = Math.abs(a.data[i + c] - b.data[i + c]); sum += d; if (d) any = true; }
    if (any) n++;
  }
  return { frac: n / (a.width * a.height), mad: sum / (a.width * a.height * 3) };
}

describe.skipIf(!hasMatplotlib)("figures against matplotlib's pixels", () => {
  beforeAll(() => {
    execFileSync(PYTHON, ["-c", `
import json, sys, numpy as np, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
D = json.loads(sys.argv[1]); d = sys.argv[2]
figs = json.loads(sys.argv[3])
pos = {}
for name, code in figs.items():
    exec(code)
    plt.savefig(f"{d}/{name}_mpl.png")
    ax = plt.gcf().axes
    pos[name] = dict(bounds=[list(a.get_position().bounds) for a in ax], xticks=list(map(float, ax[-1].get_xticks())),
                     yticks=list(map(float, ax[-1].get_yticks())))
    plt.close("all")
json.dump(pos, open(f"{d}/pos.json", "w"))
`, JSON.stringify(DATA), dir, JSON.stringify(Object.fromEntries(Object.entries(FIGURES).map(([k, v]) => [k, v.py])))]);
  });

  for (const [name, f] of Object.entries(FIGURES)) {
    const bound = (oldMpl && f.oldBound) || f.bound;
    it(`${name}: within ${(bound[0] * 100).toFixed(1)}% of pixels and ${bound[1]} mean abs difference`, () => {
      plt.close("all");
      f.js();
      const file = path.join(dir, `${name}_tn.png`);
      plt.savefig(file);
      // Same axes positions (to a pixel or two: text widths differ slightly) and the same ticks.
      const want = JSON.parse(fs.readFileSync(path.join(dir, "pos.json"), "utf8"))[name];
      const axes = plt.gcf().axes;
      expect(axes.length).toBe(want.bounds.length);
      axes.forEach((ax, i) => ax.get_position().bounds.forEach((v, j) => expect(Math.abs(v - want.bounds[i][j]), `${name} axes ${i}`).toBeLessThan(0.006)));
      expect(axes[axes.length - 1].get_xticks()).toEqual(want.xticks);
      expect(axes[axes.length - 1].get_yticks()).toEqual(want.yticks);
      plt.close("all");
      const r = compare(PNG.sync.read(fs.readFileSync(file)), PNG.sync.read(fs.readFileSync(path.join(dir, `${name}_mpl.png`))));
      console.log(`${name}: ${(100 * r.frac).toFixed(2)}% of pixels differ, mean abs difference ${r.mad.toFixed(3)}`);
      expect(r.frac).toBeLessThan(bound[0]);
      expect(r.mad).toBeLessThan(bound[1]);
    });
  }
});

// Peak RSS of building VGG-16 (torchvision's layout) and loading its state_dict from a file saved
// by Python, torch-node against Python's torch (scripts/bench/vgg_memory.py) in one run, one thread.
//   node --import tsx scripts/bench/vgg_memory.ts
// Each side, in its own process: RSS after import (base), after building the model (built; its
// peak), then the peak while torch.load + load_state_dict run (VmHWM reset just before), and RSS
// once the loaded dict is dropped.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import torch, { nn } from "../../lib/index";
import { PYTHON } from "./_util";

/** torchvision's vgg16(): cfg D, 224x224 input, the 4096-wide classifier, its init. */
class VGG16 extends nn.Module {
  declare features: nn.Sequential; declare avgpool: nn.Module; declare classifier: nn.Sequential;
  constructor() {
    super();
    const layers: nn.Module[] = [];
    let c = 3;
    for (const v of [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]) {
      if (v === 0) { layers.push(new nn.MaxPool2d(2, { stride: 2 })); continue; }
      layers.push(new nn.Conv2d(c, v, 3, { padding: 1 }), new nn.ReLU({ inplace: true }));
      c = v;
    }
    this.features = new nn.Sequential(...layers);
    this.avgpool = new nn.AdaptiveAvgPool2d([7, 7]);
    const fc = (i: number, o: number) => new nn.Linear(i, o);
    this.classifier = new nn.Sequential(fc(25088, 4096), new nn.ReLU(true), new nn.Dropout(),
      fc(4096, 4096), new nn.ReLU(true), new nn.Dropout(), fc(4096, 1000));
    for (const m of this.modules()) {
      if (m instanceof nn.Conv2d) { nn.init.kaiming_normal_(m.weight, { mode: "fan_out", nonlinearity: "relu" }); nn.init.zeros_(m.bias!); }
      else if (m instanceof nn.Linear) { nn.init.normal_(m.weight, 0, 0.01); nn.init.zeros_(m.bias!); }
    }
  }
  forward(x: any) { return this.classifier(this.avgpool(this.features(x)).flatten(1)); }
}

function status() {
  const s = fs.readFileSync("/proc/self/status", "utf8");
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)![1]) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}
const resetPeak = () => fs.writeFileSync("/proc/self/clear_refs", "5");

async function main() {
  torch.set_num_threads(1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tn-vgg-"));
  const file = path.join(dir, "vgg16.pt");
  const env = { ...process.env, OMP_NUM_THREADS: "1" };
  const script = path.join(__dirname, "vgg_memory.py");
  try {
    execFileSync(PYTHON, [script, "save", file], { env, stdio: "inherit" });
    const bytes = fs.statSync(file).size;
    const pyRes = JSON.parse(execFileSync(PYTHON, [script, "measure", file], { env }).toString());

    torch.collect();
    const base = status().rss;
    resetPeak();
    const m = new VGG16();
    const { rss: built, hwm: buildPeak } = status();
    resetPeak();
    let sd: any = torch.load(file);
    m.load_state_dict(sd);
    const peak = status().hwm;
    sd = null;
    torch.collect();
    // The loaded storages' byte views are released by finalizers on a later tick.
    await new Promise((r) => setTimeout(r, 50));
    torch.collect();
    const after = status().rss;
    const node = { base, built, build_peak: buildPeak, peak, after };

    const MB = (x: number) => (x / 1e6).toFixed(0);
    console.log(`VGG-16, ${m.parameters().reduce((n, p) => n + p.numel(), 0)} parameters, state_dict file ${MB(bytes)} MB; torch ${torch.__version__}, 1 thread\n`);
    console.log("| RSS (MB) | Node | Python |");
    console.log("| --- | ---: | ---: |");
    const row = (label: string, f: (r: typeof node) => number) => console.log(`| ${label} | ${MB(f(node))} | ${MB(f(pyRes))} |`);
    row("after import (base)", (r) => r.base);
    row("model built, over base", (r) => r.built - r.base);
    row("peak while building, over base", (r) => r.build_peak - r.base);
    row("peak in torch.load + load_state_dict, over built", (r) => r.peak - r.built);
    row("after dropping the loaded dict, over built", (r) => r.after - r.built);
    row("process peak", (r) => Math.max(r.build_peak, r.peak));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

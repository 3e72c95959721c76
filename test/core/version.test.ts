// torch-node is the torch of the libtorch it is linked against: the same version as the
// reference Python's torch, and for a CUDA libtorch, CUDA linked so that it loads unaided.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import path from "node:path";
import torch from "../../lib/index";
import { N } from "../../lib/native";
import { py } from "../helpers/python";

const addon = path.resolve(process.env.TORCH_NODE_ADDON ?? path.join(__dirname, "../../build/Release/torch_node.node"));

describe("the linked libtorch", () => {
  it("torch.__version__ and torch.version.cuda are the reference Python torch's", () => {
    const ref = py("out = {'v': torch.__version__, 'cuda': torch.version.cuda}");
    expect(torch.__version__).toBe(ref.v);
    expect(torch.version.__version__).toBe(ref.v);
    expect(torch.version.cuda).toBe(ref.cuda);
  });

  it.runIf(N.cudaIsCompiled())("a CUDA build NEEDs libtorch_cuda and libc10_cuda, and every library resolves without LD_LIBRARY_PATH", () => {
    const needed = execFileSync("readelf", ["-d", addon]).toString();
    expect(needed).toMatch(/NEEDED.*\[libtorch_cuda\.so\]/);
    expect(needed).toMatch(/NEEDED.*\[libc10_cuda\.so\]/);
    const env = { ...process.env };
    delete env.LD_LIBRARY_PATH;
    const ldd = execFileSync("ldd", [addon], { env }).toString();
    expect(ldd).toMatch(/libcudart\.so/);
    expect(ldd.split("\n").filter((l) => l.includes("not found"))).toEqual([]);
  });

  it.runIf(N.cudaIsCompiled())("loads in a fresh process without LD_LIBRARY_PATH, with CUDA compiled in", () => {
    const env = { ...process.env };
    delete env.LD_LIBRARY_PATH;
    const out = execFileSync(process.execPath, ["-e", `const N = require(${JSON.stringify(addon)}); console.log(N.cudaIsCompiled(), N.version())`], { env }).toString().trim();
    expect(out).toBe(`true ${torch.__version__}`);
  });
});

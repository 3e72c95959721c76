// torch._inductor.aoti_load_package: a package Python's AOTInductor compiled (2.x) runs here
// with Python's outputs. Compiling takes Python a minute or two, so one small model only.
import { describe, it, expect, beforeAll } from "vitest";
import path from "node:path";
import torch from "../../lib/index";
import { N } from "../../lib/native";
import { py } from "../helpers/python";
import { expectClose } from "../nn/helpers";
import { tmpdir, tensorOf } from "./_models";

const D = tmpdir("aoti");
let R: any;

// torch 1.13 has no AOTInductor (nor torch._inductor.aoti_compile_and_package).
describe.skipIf(typeof N.aotiLoad !== "function")("torch._inductor.aoti_load_package", () => {
  beforeAll(() => {
    R = py(`
import warnings, os, logging
warnings.simplefilter('ignore')
logging.disable(logging.WARNING)
D = ${JSON.stringify(D)}
class M(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l = torch.nn.Linear(3, 2)
    def forward(self, x, y):
        h = torch.relu(self.l(x))
        return h, {'sum': h.sum(1) + y}
torch.manual_seed(0)
m = M().eval()
x = torch.randn(4, 3); y = torch.randn(4)
ep = torch.export.export(m, (x, y))
torch.export.save(ep, os.path.join(D, 'exported.pt2'))
torch._inductor.aoti_compile_and_package(ep, package_path=os.path.join(D, 'compiled.pt2'))
out = {'x': x, 'y': y, 'out': torch._inductor.aoti_load_package(os.path.join(D, 'compiled.pt2'))(x, y)}
`);
  }, 600_000);

  it("runs the compiled model with Python's outputs, in Python's structure", () => {
    const m = torch._inductor.aoti_load_package(path.join(D, "compiled.pt2"));
    const [h, d] = m(tensorOf(R.x), tensorOf(R.y));
    expectClose(h, R.out[0]);
    expect(Object.keys(d)).toEqual(["sum"]);
    expectClose(d.sum, R.out[1].sum);
  });

  it("a torch.export.save file holds no compiled model: an error, not a crash", () => {
    expect(() => torch._inductor.aoti_load_package(path.join(D, "exported.pt2"))).toThrow();
    expect(() => torch._inductor.aoti_load_package(path.join(D, "missing.pt2"))).toThrow();
  });
});

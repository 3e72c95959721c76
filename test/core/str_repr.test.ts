// console.log is print (str()), repr() where Python users call it: devices, dtypes, sizes,
// grad_fn, against the linked Python.
import { describe, it, expect } from "vitest";
import { inspect } from "node:util";
import torch from "../../lib/index";
import { py } from "../helpers/python";

describe("str and repr", () => {
  const ref = py(`
import re
d = torch.device("cpu"); c = torch.device("cuda", 1)
x = torch.ones(2, requires_grad=True); y = x + 1
g = re.sub(r"0x[0-9a-f]+", "0xADDR", repr(y.grad_fn))
out = {"str": [str(d), str(c), str(torch.float32), str(torch.Size([2, 3]))],
       "repr": [repr(d), repr(c), repr(torch.float32), repr(torch.Size([2, 3]))],
       "list": str([d, c]), "grad_fn": g, "same": repr(y.grad_fn) == repr(y.grad_fn)}`);

  it("console.log shows str(), a container shows its items' repr(), __repr__() is repr()", () => {
    const d = torch.device("cpu"), c = torch.device("cuda", 1);
    expect([inspect(d), inspect(c), inspect(torch.float32), inspect(torch.Size ? torch.ones(2, 3).shape : null)]).toEqual(ref.str);
    expect([d.__repr__(), c.__repr__(), String(torch.float32), String(torch.ones(2, 3).shape)]).toEqual(ref.repr);
    // Python's print([d, c]) shows reprs; inspect of an array writes them with its own spacing.
    expect(inspect([d, c]).replace(/^\[ /, "[").replace(/ \]$/, "]")).toBe(ref.list);
  });

  it("grad_fn prints as <AddBackward0 object at 0x...>, the same address each time", () => {
    const x = torch.ones(2, { requires_grad: true }), y = x.add(1);
    expect(String(y.grad_fn).replace(/0x[0-9a-f]+/, "0xADDR")).toBe(ref.grad_fn);
    expect(String(y.grad_fn) === inspect(y.grad_fn)).toBe(ref.same);
  });
});

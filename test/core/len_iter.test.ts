// len(t) as Python has it; `for row in t` ports as `for (const row of t.unbind())`.
import { describe, it, expect } from "vitest";
import torch from "../../lib/index";
import { py } from "../helpers/python";

describe("len and iteration", () => {
  const ref = py(`
x = torch.arange(6).reshape(3, 2)
errs = []
for f in (lambda: len(torch.tensor(1.)),):
    try: f()
    except TypeError as e: errs.append(str(e))
out = {"len": len(x), "len_empty": len(torch.zeros(0, 4)), "rows": [r for r in x], "errs": errs}`);

  it("t.length is len(t) and t.unbind() gives the rows `for row in t` visits", () => {
    const x = torch.arange(6).reshape(3, 2);
    expect(x.length).toBe(ref.len);
    expect(torch.zeros(0, 4).length).toBe(ref.len_empty);
    expect(x.unbind().map((r) => r.tolist())).toEqual(ref.rows.map((r: any) => r.tensor));
  });

  it("len() of a 0-d tensor raises Python's TypeError", () => {
    expect(() => torch.tensor(1.5).length).toThrow(ref.errs[0]);
  });
});

// Bad input: every error is a JavaScript Error with Python's message and exception type
// (TypeError as TypeError, IndexError/ValueError by name, RuntimeError as Error), no C++
// backtrace, and the process and every other tensor keep working.
import { describe, it, expect } from "vitest";
import { torch, Tensor } from "../../lib/torch";
import { py } from "../helpers/python";

const PY_INPUTS = `
a = torch.zeros(3, 4)
i = torch.arange(12).reshape(3, 4)
nan, inf = float("nan"), float("inf")
`;
const a = () => torch.zeros(3, 4);
const i = () => torch.arange(12).reshape(3, 4);
const nan = NaN, inf = Infinity;

// [Python code that raises, the same call in TypeScript, compare the whole message or its first line]
const CASES: [string, () => unknown, ("full" | "first")?][] = [
  // shapes
  ["torch.ones(64, 784).mm(torch.ones(400, 10))", () => torch.ones(64, 784).mm(torch.ones(400, 10))],
  ["torch.ones(64, 784).matmul(torch.ones(400, 10))", () => torch.ones(64, 784).matmul(torch.ones(400, 10))],
  ["torch.ones(2).add(torch.ones(3))", () => torch.ones(2).add(torch.ones(3))],
  ["a.view(5)", () => a().view(5)],
  ["a.reshape(5)", () => a().reshape(5)],
  ["a.t().view(12)", () => a().t().view(12)],
  ["a.expand(2, 3)", () => a().expand(2, 3)],
  ["torch.cat([a, i.float()[:, :2]])", () => torch.cat([a(), i().float().index(":", ":2")])],
  ["torch.stack([a, i.float()[:2]])", () => torch.stack([a(), i().float().index(":2")])],
  ["a.gather(1, torch.tensor([0]))", () => a().gather(1, torch.tensor([0]))],
  ["a.chunk(0)", () => a().chunk(0)],
  ["torch.empty(-1)", () => torch.empty(-1)],
  ["torch.randperm(-1)", () => torch.randperm(-1)],
  ["torch.nn.functional.nll_loss(torch.zeros(2, 3), torch.tensor([0, 5]))", () => torch.nll_loss(torch.zeros(2, 3), torch.tensor([0, 5]))],
  // dims and indices
  ["a.sum(5)", () => a().sum(5)],
  ["a.size(2)", () => a().size(2)],
  ["a.softmax(3)", () => a().softmax(3)],
  ["a.squeeze(4)", () => a().squeeze(4)],
  ["a.transpose(0, 3)", () => a().transpose(0, 3)],
  ["torch.cat([a, a], 2)", () => torch.cat([a(), a()], 2)],
  ["a[5]", () => a().index(5)],
  ["a[-4]", () => a().index(-4)],
  ["a[0, 10]", () => a().index(0, 10)],
  ["a[:, 4]", () => a().index(":", 4)],
  ["a[0, 0, 0]", () => a().index(0, 0, 0)],
  ["a[0.5]", () => a().index(0.5)],
  ["a[::-1]", () => a().index("::-1")],
  ["a[::0]", () => a().index("::0")],
  ["a[torch.tensor([0.5])]", () => a().index(torch.tensor([0.5]))],
  ["a[torch.tensor([True, False])]", () => a().index(torch.tensor([true, false]))],
  ["a[torch.tensor([3])]", () => a().index(torch.tensor([3]))],
  ["a[[0, 7]]", () => a().index([0, 7])],
  ["a.index_select(0, torch.tensor([5]))", () => a().index_select(0, torch.tensor([5]))],
  ["a.__setitem__(5, 1.)", () => a().index_put_([5], 1.0)],
  ["a.__setitem__((slice(None), 0), torch.ones(4))", () => a().index_put_([":", 0], torch.ones(4))],
  ["a.item()", () => a().item()],
  // dtypes
  ["a.mm(i)", () => a().mm(i())],
  ["i.div_(2)", () => i().div_(2)],
  ["i.mul_(1.5)", () => i().mul_(1.5)],
  ["torch.zeros(2, dtype=torch.bool).sub(torch.zeros(2, dtype=torch.bool))", () => torch.zeros(2, { dtype: torch.bool }).sub(torch.zeros(2, { dtype: torch.bool }))],
  ["torch.zeros(2, dtype=torch.bool).neg()", () => torch.zeros(2, { dtype: torch.bool }).neg()],
  ["torch.tensor([300], dtype=torch.int8)", () => torch.tensor([300], { dtype: torch.int8 })],
  ["torch.tensor([2**63])", () => torch.tensor([2n ** 63n])],
  ["a.where(i, a)", () => a().where(i(), a())],
  // NaN and Inf
  ["torch.multinomial(torch.tensor([nan, 1.]), 1)", () => torch.multinomial(torch.tensor([nan, 1]), 1)],
  ["torch.arange(0, inf)", () => torch.arange(0, inf)],
  ["torch.tensor([1., 2.]).bernoulli_(nan)", () => torch.tensor([1, 2], { dtype: torch.float32 }).bernoulli_(nan)],
  ["torch.tensor([inf]).long().tolist() and torch.tensor([inf], dtype=torch.int64)", () => torch.tensor([inf], { dtype: torch.int64 })],
  ["torch.randint(5, 2, (3,))", () => torch.randint(5, 2, [3])],
  // data
  ["torch.tensor([[1, 2], [3]])", () => torch.tensor([[1, 2], [3]] as any)],
  ["torch.tensor([1, None])", () => torch.tensor([1, null] as any)],
  ["torch.tensor([1, 'a'])", () => torch.tensor([1, "a"] as any)],
  ["torch.tensor([[1, 2], 3])", () => torch.tensor([[1, 2], 3] as any)],
  // wrong argument types (the parser)
  ["a.add('x')", () => (a() as any).add("x")],
  ["torch.relu('x')", () => (torch as any).relu("x")],
  ["torch.relu()", () => (torch as any).relu()],
  ["torch.mm()", () => (torch as any).mm()],
  ["torch.mm(a)", () => (torch as any).mm(a())],
  ["a.mm(a, a)", () => (a() as any).mm(a(), a())],
  ["torch.mm(a, mat2=3)", () => (torch as any).mm(a(), { mat2: 3 })],
  ["torch.relu(a, foo=1)", () => (torch as any).relu(a(), { foo: 1 })],
  ["a.add(a, foo=2)", () => (a() as any).add(a(), { foo: 2 })],
  ["a.view(2.5)", () => (a() as any).view(2.5), "first"],
  ["torch.cat(a)", () => (torch as any).cat(a())],
  ["a.add(a, 2, 3)", () => (a() as any).add(a(), 2, 3), "first"],
  // signatures as the linked release prints them: out= forms, defaults (2.x), factories' tensor
  // options, Python's overload order, "takes from m to n positional arguments"
  ["torch.add()", () => (torch as any).add()],
  ["torch.pow()", () => (torch as any).pow()],
  ["a.clamp('x')", () => (a() as any).clamp("x")],
  ["torch.clamp(a, 'x')", () => (torch as any).clamp(a(), "x")],
  ["torch.where(a, 'x')", () => (torch as any).where(a(), "x")],
  ["torch.normal(a, 'x')", () => (torch as any).normal(a(), "x")],
  ["torch.randperm(3, 'x')", () => (torch as any).randperm(3, "x")],
  ["torch.logspace()", () => (torch as any).logspace()],
  ["torch.arange()", () => (torch as any).arange()],
  ["torch.conv2d(a)", () => (torch as any).conv2d(a())],
  ["torch.quantile()", () => (torch as any).quantile()],
  ["torch.ctc_loss()", () => (torch as any).ctc_loss()],
  ["torch.mm(a, a, 3)", () => (torch as any).mm(a(), a(), 3)],
  ["a.random_('x')", () => (a() as any).random_("x")],
  ["a.uniform_(1, 2, 3)", () => (a() as any).uniform_(1, 2, 3)],
  ["torch.batch_norm(a)", () => (torch as any).batch_norm(a())],
  ["torch.zeros('x')", () => (torch as any).zeros("x")],
  ["a.new_zeros('x')", () => (a() as any).new_zeros("x")],
  ["torch.tensor([-2**63 - 1])", () => torch.tensor([-(2n ** 63n) - 1n] as any)],
];

const pyType = (e: Error) => (e instanceof TypeError ? "TypeError" : e.name === "Error" ? "RuntimeError" : e.name);

describe("errors carry Python's type and message", () => {
  const ref: [string, string][] = py(`${PY_INPUTS}
out = []
for c in ${JSON.stringify(CASES.map((c) => c[0]))}:
    try:
        eval(c)
        out.append(["NoError", ""])
    except Exception as e:
        out.append([type(e).__name__, str(e)])
`);
  const survivor = torch.tensor([1.5, 2.5]);

  CASES.forEach(([code, fn, mode], k) => {
    it(code, () => {
      let err: Error | null = null;
      try { fn(); } catch (e) { err = e as Error; }
      expect(ref[k][0]).not.toBe("NoError");
      expect(err).toBeInstanceOf(Error);
      const msg = mode === "first" ? err!.message.split("\n")[0] : err!.message;
      const want = mode === "first" ? ref[k][1].split("\n")[0] : ref[k][1];
      expect(msg).toBe(want);
      expect(pyType(err!)).toBe(ref[k][0]);
      expect(err!.message).not.toMatch(/Exception raised from|frame #\d/);
      // The process and other tensors keep working.
      expect(survivor.mul(2).tolist()).toEqual([3, 5]);
    });
  });

  it("a disposed tensor throws a clear Error; others are unaffected", () => {
    const t = torch.ones(2);
    const u = t.add(1);
    t.dispose();
    expect(() => t.add(1)).toThrow("Tensor has been disposed");
    expect(String(t)).toBe("tensor(<disposed>)");
    expect(u.tolist()).toEqual([2, 2]);
  });

  it("survives a burst of errors", () => {
    for (let k = 0; k < 200; k++) expect(() => torch.ones(2, 3).mm(torch.ones(2, 3))).toThrow(/cannot be multiplied/);
    expect(torch.ones(2, 3).mm(torch.ones(3, 2)).sum().item()).toBe(12);
    expect(survivor).toBeInstanceOf(Tensor);
  });
});

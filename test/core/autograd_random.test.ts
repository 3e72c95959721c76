// Autograd (requires_grad, backward, grad, grad_fn, .data, grad modes) and the random
// streams (manual_seed, Generator) against Python's torch; set/get_num_threads.
import { describe, it, expect } from "vitest";
import { torch, Tensor } from "../../lib/torch";
import { py } from "../helpers/python";

const f32 = { dtype: torch.float32 };
const vals = (t: Tensor | null) => (t === null ? null : t.tolist());

describe("autograd against Python", () => {
  const ref = py(`
r = {}
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = (x * x).sum()
r["leaf"] = [x.is_leaf, y.is_leaf, x.requires_grad, y.requires_grad, x.grad_fn is None, y.grad_fn.name(), type(y.grad_fn).__name__]
y.backward()
r["grad"] = x.grad
x2 = torch.tensor([1., 2., 3.], requires_grad=True)
(x2 * 2).backward(torch.tensor([1., 0.1, 0.01]))
r["grad_arg"] = x2.grad
x3 = torch.tensor([0.5, -1.5], requires_grad=True)
y3 = (x3.exp() * x3).sum()
y3.backward(retain_graph=True)
y3.backward()
r["retain"] = x3.grad
try:
    y3.backward()
except Exception as e:
    r["twice"] = str(e)
x4 = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
w4 = torch.tensor([[0.5], [-1.]], requires_grad=True)
z4 = x4.matmul(w4).sigmoid().log_softmax(0).mean()
z4.backward()
r["chain"] = [x4.grad, w4.grad, str(z4)]
r["names"] = [type(f).__name__ for f in [(x4 + 1).grad_fn, (x4 * 2).grad_fn, (x4 - x4).grad_fn, (x4 / 2).grad_fn, torch.sub(2, x4).grad_fn,
    x4.sum().grad_fn, x4.mean().grad_fn, x4.max(1)[0].grad_fn, x4.softmax(1).grad_fn, x4.relu().grad_fn, x4[0].grad_fn, x4.view(4).grad_fn,
    x4.t().grad_fn, x4.exp().grad_fn, x4.pow(2).grad_fn, (x4 * x4).grad_fn, x4.clone().grad_fn]]
x5 = torch.tensor([1., 2.], requires_grad=True)
(x5 * 3).sum().backward()
x5.grad = None
r["grad_none"] = x5.grad
(x5 * 3).sum().backward()
r["grad_again"] = x5.grad
x5.grad = torch.tensor([7., 8.])
(x5 * 1).sum().backward()
r["grad_set"] = x5.grad
x6 = torch.tensor([1., 2.], requires_grad=True)
d = x6.data
d.mul_(10)
r["data"] = [x6.detach().clone(), d.requires_grad, str(x6)]
x6.data = torch.tensor([5., 6., 7.])
r["data_set"] = [x6, x6.requires_grad]
with torch.no_grad():
    y7 = x6 * 2
    r["no_grad"] = [y7.requires_grad, torch.is_grad_enabled()]
    with torch.enable_grad():
        r["enable_grad"] = [(x6 * 2).requires_grad, torch.is_grad_enabled()]
r["after"] = torch.is_grad_enabled()
x8 = torch.tensor([1., 2., 3.], requires_grad=True)
r["autograd_grad"] = torch.autograd.grad((x8 ** 3).sum(), x8)
r["int_grad"] = []
for f in [lambda: torch.tensor([1, 2]).requires_grad_(), lambda: setattr(torch.tensor([1, 2]), "requires_grad", True),
          lambda: torch.tensor([1, 2], requires_grad=True), lambda: torch.ones(2, dtype=torch.int64, requires_grad=True)]:
    try:
        f()
    except Exception as e:
        r["int_grad"].append(str(e))
try:
    torch.tensor([1., 2.], requires_grad=True).sum().backward(); torch.tensor([1., 2.]).sum().backward()
except Exception as e:
    r["no_graph"] = str(e)
try:
    torch.tensor([1., 2.], requires_grad=True).mul(2).backward()
except Exception as e:
    r["nonscalar"] = str(e)
out = r
`);

  it("leaves, requires_grad and grad_fn names", () => {
    const x = torch.tensor([1, 2, 3], { dtype: torch.float32, requires_grad: true });
    const y = x.mul(x).sum();
    expect([x.is_leaf, y.is_leaf, x.requires_grad, y.requires_grad, x.grad_fn === null, y.grad_fn!.name(), y.grad_fn!.name()]).toEqual(ref.leaf);
    y.backward();
    expect(vals(x.grad)).toEqual(ref.grad.tensor);
  });

  it("backward with a gradient argument", () => {
    const x = torch.tensor([1, 2, 3], { dtype: torch.float32, requires_grad: true });
    x.mul(2).backward(torch.tensor([1, 0.1, 0.01]));
    expect(vals(x.grad)).toEqual(ref.grad_arg.tensor);
  });

  it("retain_graph keeps the graph for a second backward; a third fails with Python's message", () => {
    const x = torch.tensor([0.5, -1.5], { requires_grad: true });
    const y = x.exp().mul(x).sum();
    y.backward({ retain_graph: true });
    y.backward();
    expect(vals(x.grad)).toEqual(ref.retain.tensor);
    expect(() => y.backward()).toThrow(ref.twice);
    expect(x.add(1).tolist()).toEqual([1.5, -0.5]);
  });

  it("gradients through matmul, sigmoid, log_softmax, mean; the printed loss", () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32, requires_grad: true });
    const w = torch.tensor([[0.5], [-1]], { requires_grad: true });
    const z = x.matmul(w).sigmoid().log_softmax(0).mean();
    z.backward();
    expect([vals(x.grad), vals(w.grad), String(z)]).toEqual([ref.chain[0].tensor, ref.chain[1].tensor, ref.chain[2]]);
  });

  it("grad_fn names match Python's, scalar arithmetic included", () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32, requires_grad: true });
    const fns = [x.add(1), x.mul(2), x.sub(x), x.div(2), torch.sub(2, x), x.sum(), x.mean(), x.max(1)[0], x.softmax(1), x.relu(), x.index(0),
      x.view(4), x.t(), x.exp(), x.pow(2), x.mul(x), x.clone()];
    expect(fns.map((t) => t.grad_fn!.name())).toEqual(ref.names);
    // Python's repr carries the node's address; ours a stable pseudo-address of the same shape.
    expect(String(x.mul(2).grad_fn)).toMatch(new RegExp(`^<${ref.names[1]} object at 0x[0-9a-f]+>$`));
  });

  it("grad set to null and to a tensor", () => {
    const x = torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true });
    x.mul(3).sum().backward();
    x.grad = null;
    expect(x.grad).toBe(ref.grad_none);
    x.mul(3).sum().backward();
    expect(vals(x.grad)).toEqual(ref.grad_again.tensor);
    x.grad = torch.tensor([7, 8], f32);
    x.mul(1).sum().backward();
    expect(vals(x.grad)).toEqual(ref.grad_set.tensor);
    expect(() => { x.grad = torch.zeros(3); }).toThrow("assigned grad has data of a different size");
  });

  it(".data shares storage outside autograd; setting it replaces the data", () => {
    const x = torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true });
    const d = x.data;
    d.mul_(10);
    expect([vals(x), d.requires_grad, String(x)]).toEqual([ref.data[0].tensor, ref.data[1], ref.data[2]]);
    x.data = torch.tensor([5, 6, 7], f32);
    expect([vals(x), x.requires_grad]).toEqual([ref.data_set[0].tensor, ref.data_set[1]]);
  });

  it("no_grad, enable_grad, is_grad_enabled, set_grad_enabled", () => {
    const x = torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true });
    const r = torch.no_grad(() => {
      const y = x.mul(2);
      const inner = torch.enable_grad(() => [x.mul(2).requires_grad, torch.is_grad_enabled()]);
      return [[y.requires_grad, torch.is_grad_enabled()], inner];
    });
    expect(r).toEqual([ref.no_grad, ref.enable_grad]);
    expect(torch.is_grad_enabled()).toBe(ref.after);
    // The mode is restored when fn throws.
    expect(() => torch.no_grad(() => { throw new Error("boom"); })).toThrow("boom");
    expect(torch.is_grad_enabled()).toBe(true);
    torch.set_grad_enabled(false);
    expect(x.mul(2).requires_grad).toBe(false);
    torch.set_grad_enabled(true);
    expect(x.mul(2).requires_grad).toBe(true);
  });

  it("torch.autograd.grad", () => {
    const x = torch.tensor([1, 2, 3], { dtype: torch.float32, requires_grad: true });
    expect(torch.autograd.grad(x.pow(3).sum(), x).map(vals)).toEqual(ref.autograd_grad.map((t: any) => t.tensor));
  });

  it("autograd errors carry PyTorch's messages", () => {
    expect(() => torch.tensor([1, 2]).requires_grad_()).toThrow(ref.int_grad[0]);
    expect(() => { torch.tensor([1, 2]).requires_grad = true; }).toThrow(ref.int_grad[1]);
    // An integral literal list asked to require grad is float in torch-node (JavaScript's 1.0 is 1;
    // docs/porting.md); with an explicit integer dtype it fails as Python's does.
    expect(torch.tensor([1, 2], { requires_grad: true }).dtype).toBe(torch.float32);
    expect(() => torch.tensor([1, 2], { dtype: torch.int64, requires_grad: true })).toThrow(ref.int_grad[2]);
    expect(() => torch.ones(2, { dtype: torch.int64, requires_grad: true })).toThrow(ref.int_grad[3]);
    expect(() => torch.tensor([1, 2], f32).sum().backward()).toThrow(ref.no_graph);
    expect(() => torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true }).mul(2).backward()).toThrow(ref.nonscalar);
  });
});

describe("Tensor.grad identity", () => {
  const ref = py(`
w = torch.tensor([1., 2.], requires_grad=True)
(w * 3).sum().backward()
g = w.grad
same1 = w.grad is g
(w * w).sum().backward()   # accumulates in place: still the same tensor
same2 = w.grad is g
mine = torch.zeros(2)
w.grad = mine
same3 = w.grad is mine
w.grad = None
out = {"same": [same1, same2, same3], "grad": g, "none": w.grad is None}`);
  it("p.grad is the same object while it is the same tensor, as Python's `is`", () => {
    const w = torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true });
    w.mul(3).sum().backward();
    const g = w.grad!;
    const same1 = w.grad === g;
    w.mul(w).sum().backward();
    const same2 = w.grad === g;
    const mine = torch.zeros(2);
    w.grad = mine;
    const same3 = w.grad === mine;
    w.grad = null;
    expect([same1, same2, same3]).toEqual(ref.same);
    expect(g.tolist()).toEqual(ref.grad.tensor);
    expect(w.grad === null).toBe(ref.none);
    // A disposed cached wrapper is replaced, not returned.
    w.mul(1).sum().backward();
    const g2 = w.grad!;
    g2.dispose();
    expect(w.grad!.tolist()).toEqual([1, 1]);
  });
});

describe("random streams equal Python's", () => {
  const ref = py(`
r = {}
torch.manual_seed(0)
r["mix"] = [torch.randn(3, 4), torch.rand(5), torch.randint(0, 10, (6,)), torch.randperm(10), torch.randn(2, dtype=torch.float64),
            torch.bernoulli(torch.full((8,), 0.5)), torch.empty(5).normal_(), torch.empty(5).normal_(2, 3), torch.empty(4).uniform_(),
            torch.empty(4).uniform_(-1, 1), torch.empty(6).bernoulli_(0.3), torch.multinomial(torch.tensor([0.1, 0.5, 0.4]), 4, True),
            torch.dropout(torch.ones(10), 0.5, True), torch.normal(0., 1., (3,)), torch.randint(5, (2, 2)), torch.randperm(100)[:5]]
g = torch.Generator().manual_seed(42)
torch.manual_seed(7)
r["gen"] = [torch.randn(3, generator=g), torch.rand(2, generator=g), torch.randint(0, 100, (3,), generator=g), torch.randperm(6, generator=g),
            torch.empty(3).normal_(generator=g), torch.empty(3).uniform_(0, 5, generator=g), torch.bernoulli(torch.full((5,), 0.5), generator=g),
            torch.randn(2)]
r["initial"] = [g.initial_seed(), torch.initial_seed()]
torch.manual_seed(3)
st = torch.get_rng_state()
a = torch.randn(4)
torch.set_rng_state(st)
r["state"] = [a, torch.randn(4)]
g2 = torch.Generator()
r["default_seed"] = g2.initial_seed()
torch.manual_seed(2**63 + 5)
r["big_seed"] = [str(torch.initial_seed()), torch.rand(2)]
try:
    torch.set_num_threads(0)
except Exception as e:
    r["threads"] = str(e)
out = r
`);

  it("manual_seed: randn, rand, randint, randperm, bernoulli, normal_, uniform_, bernoulli_, multinomial, dropout", () => {
    torch.manual_seed(0);
    const ours = [torch.randn(3, 4), torch.rand(5), torch.randint(0, 10, [6]), torch.randperm(10), torch.randn(2, { dtype: torch.float64 }),
      torch.bernoulli(torch.full([8], 0.5)), torch.empty(5).normal_(), torch.empty(5).normal_(2, 3), torch.empty(4).uniform_(),
      torch.empty(4).uniform_(-1, 1), torch.empty(6).bernoulli_(0.3), torch.multinomial(torch.tensor([0.1, 0.5, 0.4]), 4, true),
      torch.dropout(torch.ones(10), 0.5, true), torch.normal(0, 1, [3]), torch.randint(5, [2, 2]), torch.randperm(100).index(":5")];
    ours.forEach((t, k) => {
      expect(t.tolist()).toEqual(ref.mix[k].tensor);
      expect(t.dtype.name).toBe(ref.mix[k].dtype);
    });
  });

  it("an explicit Generator has its own stream; the default one is untouched", () => {
    const g = new torch.Generator().manual_seed(42);
    torch.manual_seed(7);
    const ours = [torch.randn(3, { generator: g }), torch.rand(2, { generator: g }), torch.randint(0, 100, [3], { generator: g }),
      torch.randperm(6, { generator: g }), torch.empty(3).normal_({ generator: g }), torch.empty(3).uniform_(0, 5, { generator: g }),
      torch.bernoulli(torch.full([5], 0.5), { generator: g }), torch.randn(2)];
    expect(ours.map((t) => t.tolist())).toEqual(ref.gen.map((t: any) => t.tensor));
    expect([Number(g.initial_seed()), Number(torch.initial_seed())]).toEqual(ref.initial);
  });

  it("get_rng_state / set_rng_state replay the stream", () => {
    torch.manual_seed(3);
    const st = torch.get_rng_state();
    const a = torch.randn(4);
    torch.set_rng_state(st);
    expect([a.tolist(), torch.randn(4).tolist()]).toEqual(ref.state.map((t: any) => t.tensor));
  });

  it("seeds: a new Generator's default seed, 64-bit seeds, seed() then initial_seed()", () => {
    expect(Number(new torch.Generator().initial_seed())).toBe(ref.default_seed);
    torch.manual_seed(2n ** 63n + 5n);
    expect(String(torch.initial_seed())).toBe(ref.big_seed[0]);
    expect(torch.rand(2).tolist()).toEqual(ref.big_seed[1].tensor);
    const s = torch.seed();
    expect(torch.initial_seed()).toBe(s);
    expect(() => torch.manual_seed(1.5)).toThrow(TypeError);
  });

  it("set_num_threads / get_num_threads", () => {
    const before = torch.get_num_threads();
    torch.set_num_threads(1);
    expect(torch.get_num_threads()).toBe(1);
    torch.set_num_threads(2);
    expect(torch.get_num_threads()).toBe(2);
    torch.set_num_threads(before);
    expect(() => torch.set_num_threads(0)).toThrow(ref.threads);
  });
});

// The Tensor API of API.md, case by case against Python's torch: creation, dtypes and
// type promotion, shapes and views, arithmetic, comparisons, reductions, indexing.
import { describe, it, expect } from "vitest";
import { torch, Tensor } from "../../lib/torch";
import { py } from "../helpers/python";

// Fresh inputs for every case (in-place cases mutate them), built the same way in both.
const PY_INPUTS = `
def make():
    a = (torch.arange(12).reshape(3, 4).float() - 5.5) / 3
    b = torch.tensor([0.5, -1.0, 2.0, 0.25])
    i = torch.arange(12).reshape(3, 4)
    m = a > 0
    x3 = torch.arange(24).reshape(2, 3, 4)
    u8 = torch.tensor([1, 2, 250], dtype=torch.uint8)
    idx = torch.tensor([2, 0])
    return dict(a=a, b=b, i=i, m=m, x3=x3, u8=u8, idx=idx)
class _I:
    def __getitem__(self, k): return k
I = _I()
def S(t, k, v):
    t[k] = v
    return t
def np_(t):
    n = t.numpy()
    return {"data": n.flatten().tolist(), "shape": list(n.shape), "dtype": str(n.dtype)}
def seeded(s, f):
    torch.manual_seed(s)
    return f()
`;
function make() {
  const a = torch.arange(12).reshape(3, 4).float().sub(5.5).div(3);
  const b = torch.tensor([0.5, -1.0, 2.0, 0.25]);
  const i = torch.arange(12).reshape(3, 4);
  const m = a.gt(0);
  const x3 = torch.arange(24).reshape(2, 3, 4);
  const u8 = torch.tensor([1, 2, 250], { dtype: torch.uint8 });
  const idx = torch.tensor([2, 0]);
  return { a, b, i, m, x3, u8, idx };
}
type In = ReturnType<typeof make>;
const seeded = <T>(s: number, f: () => T): T => { torch.manual_seed(s); return f(); };
const f32 = { dtype: torch.float32 };

// [label (the Python expression), TypeScript]
const CASES: [string, (v: In) => unknown][] = [
  // ---- creation ----
  ["torch.tensor([[1, 2], [3, 4]])", () => torch.tensor([[1, 2], [3, 4]])],
  ["torch.tensor([1.5, 2])", () => torch.tensor([1.5, 2])],
  ["torch.tensor([True, False])", () => torch.tensor([true, false])],
  ["torch.tensor([True, 2])", () => torch.tensor([true, 2])],
  ["torch.tensor([1, 2], dtype=torch.float64)", () => torch.tensor([1, 2], { dtype: torch.float64 })],
  ["torch.tensor([1.7, -1.7], dtype=torch.int64)", () => torch.tensor([1.7, -1.7], { dtype: torch.int64 })],
  ["torch.tensor([-1, 255], dtype=torch.uint8)", () => torch.tensor([-1, 255], { dtype: torch.uint8 })],
  ["torch.tensor([0.5, 0.0], dtype=torch.bool)", () => torch.tensor([0.5, 0.0], { dtype: torch.bool })],
  ["torch.tensor(2.5)", () => torch.tensor(2.5)],
  ["torch.tensor(a.requires_grad_()).requires_grad", (v) => torch.tensor(v.a.requires_grad_()).requires_grad],
  ["torch.tensor(i, dtype=torch.float32)", (v) => torch.tensor(v.i, { dtype: torch.float32 })],
  ["torch.tensor([])", () => torch.tensor([])],
  ["torch.tensor([[]])", () => torch.tensor([[]])],
  ["torch.tensor([0.5, 1.25], dtype=torch.float32)", () => torch.tensor(new Float32Array([0.5, 1.25]))],
  ["torch.tensor([[1, 2], [3, 4]], dtype=torch.int32)", () => torch.tensor([new Int32Array([1, 2]), new Int32Array([3, 4])])],
  ["torch.tensor([1., 2.], dtype=torch.float64)", () => torch.from_numpy(new Float64Array([1, 2]))],
  ["torch.tensor([[1, 2], [3, 4]], dtype=torch.int32)", () => torch.from_numpy({ data: new Int32Array([1, 2, 3, 4]), shape: [2, 2], dtype: "int32" })],
  ["torch.tensor([7, 8], dtype=torch.uint8)", () => torch.from_numpy(new Uint8Array([7, 8]))],
  ["torch.zeros(2, 3)", () => torch.zeros(2, 3)],
  ["torch.zeros((2, 3))", () => torch.zeros([2, 3])],
  ["torch.zeros(2, 3, dtype=torch.int32)", () => torch.zeros(2, 3, { dtype: torch.int32 })],
  ["torch.ones(2, dtype=torch.bool)", () => torch.ones(2, { dtype: torch.bool })],
  ["torch.ones(2, 2, requires_grad=True).requires_grad", () => torch.ones(2, 2, { requires_grad: true }).requires_grad],
  ["torch.full((2, 2), 7)", () => torch.full([2, 2], 7)],
  ["torch.full((2,), 1.5)", () => torch.full([2], 1.5)],
  ["torch.full((2,), True)", () => torch.full([2], true)],
  ["torch.empty(2, 3).shape", () => torch.empty(2, 3).shape],
  ["torch.empty(2, 3, dtype=torch.int16).dtype", () => torch.empty(2, 3, { dtype: torch.int16 }).dtype],
  ["torch.arange(5)", () => torch.arange(5)],
  ["torch.arange(1, 4)", () => torch.arange(1, 4)],
  ["torch.arange(0, 1, 0.25)", () => torch.arange(0, 1, 0.25)],
  ["torch.arange(5.)", () => torch.arange(5, f32)],
  ["torch.arange(10, 0, -3)", () => torch.arange(10, 0, -3)],
  ["torch.linspace(0, 1, 5)", () => torch.linspace(0, 1, 5)],
  ["torch.linspace(-2, 2, steps=3)", () => torch.linspace(-2, 2, { steps: 3 })],
  ["torch.eye(3)", () => torch.eye(3)],
  ["torch.eye(2, 3)", () => torch.eye(2, 3)],
  ["seeded(0, lambda: torch.rand(2, 3))", () => seeded(0, () => torch.rand(2, 3))],
  ["seeded(0, lambda: torch.randn(2, 3, dtype=torch.float64))", () => seeded(0, () => torch.randn(2, 3, { dtype: torch.float64 }))],
  ["seeded(0, lambda: torch.randint(10, (5,)))", () => seeded(0, () => torch.randint(10, [5]))],
  ["seeded(0, lambda: torch.randint(3, 10, (2, 2)))", () => seeded(0, () => torch.randint(3, 10, [2, 2]))],
  ["seeded(0, lambda: torch.randperm(8))", () => seeded(0, () => torch.randperm(8))],
  ["torch.zeros_like(a)", (v) => torch.zeros_like(v.a)],
  ["torch.ones_like(i)", (v) => torch.ones_like(v.i)],
  ["torch.ones_like(i, dtype=torch.float32)", (v) => torch.ones_like(v.i, { dtype: torch.float32 })],
  ["torch.full_like(a, 2)", (v) => torch.full_like(v.a, 2)],
  ["torch.empty_like(x3).shape", (v) => torch.empty_like(v.x3).shape],
  ["seeded(1, lambda: torch.rand_like(a))", (v) => seeded(1, () => torch.rand_like(v.a))],
  ["seeded(1, lambda: torch.randn_like(a))", (v) => seeded(1, () => torch.randn_like(v.a))],
  ["seeded(1, lambda: torch.randint_like(a, 10))", (v) => seeded(1, () => torch.randint_like(v.a, 10))],
  ["a.new_zeros(2)", (v) => v.a.new_zeros(2)],
  ["i.new_ones((2, 2))", (v) => v.i.new_ones([2, 2])],

  // ---- dtypes ----
  ["a.float()", (v) => v.a.float()], ["i.double()", (v) => v.i.double()], ["a.long()", (v) => v.a.long()],
  ["a.int()", (v) => v.a.int()], ["a.half()", (v) => v.a.half()], ["a.bfloat16()", (v) => v.a.bfloat16()],
  ["i.bool()", (v) => v.i.bool()], ["i.short()", (v) => v.i.short()], ["i.char()", (v) => v.i.char()], ["i.byte()", (v) => v.i.byte()],
  ["a.to(torch.int16)", (v) => v.a.to(torch.int16)], ["a.to(dtype=torch.float64)", (v) => v.a.to({ dtype: torch.float64 })],
  ["a.to('cpu', torch.float64)", (v) => v.a.to("cpu", torch.float64)], ["i.to(a)", (v) => v.i.to(v.a)],
  ["a.type(torch.float64)", (v) => v.a.type(torch.float64)], ["a.type()", (v) => v.a.type()], ["u8.type()", (v) => v.u8.type()],
  ["a.dtype", (v) => v.a.dtype], ["a.is_floating_point()", (v) => v.a.is_floating_point()], ["i.is_floating_point()", (v) => v.i.is_floating_point()],
  ["a.element_size()", (v) => v.a.element_size()], ["a.half().element_size()", (v) => v.a.half().element_size()],

  // ---- type promotion ----
  ["i + 1.5", (v) => v.i.add(1.5)], ["i + 2", (v) => v.i.add(2)], ["i.int() + i", (v) => v.i.int().add(v.i)],
  ["i.int() + 2", (v) => v.i.int().add(2)], ["i.int() * 2.5", (v) => v.i.int().mul(2.5)], ["m + 1", (v) => v.m.add(1)],
  ["m + m", (v) => v.m.add(v.m)], ["m * 1.5", (v) => v.m.mul(1.5)], ["u8 + torch.tensor([1, 2, 3], dtype=torch.int8)", (v) => v.u8.add(torch.tensor([1, 2, 3], { dtype: torch.int8 }))],
  ["u8 * 2", (v) => v.u8.mul(2)], ["u8 + 10", (v) => v.u8.add(10)], ["a.double() + a", (v) => v.a.double().add(v.a)],
  ["a.half() + 1.5", (v) => v.a.half().add(1.5)], ["a.half() + a", (v) => v.a.half().add(v.a)], ["i / 2", (v) => v.i.div(2)],
  ["i // 5", (v) => v.i.floor_divide(5)], ["i * True", (v) => v.i.mul(true)], ["i + torch.tensor(2.5)", (v) => v.i.add(torch.tensor(2.5))],
  ["i + torch.tensor(2.5, dtype=torch.float64)", (v) => v.i.add(torch.tensor(2.5, { dtype: torch.float64 }))],
  ["a + torch.tensor(2, dtype=torch.float64)", (v) => v.a.add(torch.tensor(2, { dtype: torch.float64 }))],
  ["a.double() + torch.ones(4)", (v) => v.a.double().add(torch.ones(4))],
  ["torch.result_type(i, 1.5)", (v) => torch.result_type(v.i, 1.5)],
  ["torch.promote_types(torch.uint8, torch.int8)", () => torch.promote_types(torch.uint8, torch.int8)],

  // ---- shape ----
  ["a.shape", (v) => v.a.shape], ["a.size()", (v) => v.a.size()], ["a.size(1)", (v) => v.a.size(1)], ["a.size(-1)", (v) => v.a.size(-1)],
  ["x3.dim()", (v) => v.x3.dim()], ["x3.ndim", (v) => v.x3.ndim], ["x3.numel()", (v) => v.x3.numel()], ["torch.numel(x3)", (v) => torch.numel(v.x3)],
  ["x3.stride()", (v) => v.x3.stride()], ["x3.is_contiguous()", (v) => v.x3.is_contiguous()], ["x3.transpose(0, 2).is_contiguous()", (v) => v.x3.transpose(0, 2).is_contiguous()],

  // ---- views ----
  ["a.view(4, 3)", (v) => v.a.view(4, 3)], ["a.view(-1)", (v) => v.a.view(-1)], ["a.view((2, 6))", (v) => v.a.view([2, 6])],
  ["a.view_as(torch.zeros(6, 2))", (v) => v.a.view_as(torch.zeros(6, 2))], ["a.reshape(2, -1)", (v) => v.a.reshape(2, -1)],
  ["torch.reshape(a, (-1,))", (v) => torch.reshape(v.a, [-1])], ["x3.flatten()", (v) => v.x3.flatten()], ["x3.flatten(1)", (v) => v.x3.flatten(1)],
  ["torch.flatten(x3, start_dim=0, end_dim=1)", (v) => torch.flatten(v.x3, { start_dim: 0, end_dim: 1 })],
  ["a.reshape(1, 3, 1, 4).squeeze()", (v) => v.a.reshape(1, 3, 1, 4).squeeze()], ["a.reshape(1, 3, 1, 4).squeeze(2)", (v) => v.a.reshape(1, 3, 1, 4).squeeze(2)],
  ["a.unsqueeze(1).shape", (v) => v.a.unsqueeze(1).shape], ["a.unsqueeze(-1)", (v) => v.a.unsqueeze(-1)],
  ["x3.permute(2, 0, 1)", (v) => v.x3.permute(2, 0, 1)], ["x3.permute((1, 0, 2))", (v) => v.x3.permute([1, 0, 2])],
  ["x3.transpose(0, 1)", (v) => v.x3.transpose(0, 1)], ["a.t()", (v) => v.a.t()], ["a.T", (v) => v.a.T], ["a.t().contiguous().stride()", (v) => v.a.t().contiguous().stride()],
  ["b.expand(3, 4)", (v) => v.b.expand(3, 4)], ["b.expand(2, -1)", (v) => v.b.expand(2, -1)], ["b.expand_as(a)", (v) => v.b.expand_as(v.a)],
  ["a.chunk(2, 1)", (v) => v.a.chunk(2, 1)], ["torch.chunk(a, 3)", (v) => torch.chunk(v.a, 3)], ["a.split(2)", (v) => v.a.split(2)],
  ["a.split([1, 3], 1)", (v) => v.a.split([1, 3], 1)], ["a.split(3, dim=1)", (v) => v.a.split(3, { dim: 1 })], ["x3.unbind(1)", (v) => v.x3.unbind(1)],

  // ---- arithmetic and math ----
  ["a + b", (v) => v.a.add(v.b)], ["a - b", (v) => v.a.sub(v.b)], ["a * b", (v) => v.a.mul(v.b)], ["a / b", (v) => v.a.div(v.b)],
  ["a.add(b, alpha=2)", (v) => v.a.add(v.b, { alpha: 2 })], ["torch.add(a, 1)", (v) => torch.add(v.a, 1)], ["torch.sub(2, a)", (v) => torch.sub(2, v.a)],
  ["a * 2", (v) => v.a.mul(2)], ["torch.mul(3, a)", (v) => torch.mul(3, v.a)], ["a / 3", (v) => v.a.div(3)], ["a.div(b, rounding_mode='floor')", (v) => v.a.div(v.b, { rounding_mode: "floor" })],
  ["a.pow(2)", (v) => v.a.pow(2)], ["a.pow(b)", (v) => v.a.pow(v.b)], ["torch.pow(2, b)", (v) => torch.pow(2, v.b)], ["i.pow(2)", (v) => v.i.pow(2)],
  ["a.neg()", (v) => v.a.neg()], ["a.exp()", (v) => v.a.exp()], ["a.abs().add(1).log()", (v) => v.a.abs().add(1).log()], ["a.abs().sqrt()", (v) => v.a.abs().sqrt()],
  ["a.abs()", (v) => v.a.abs()], ["a.sigmoid()", (v) => v.a.sigmoid()], ["torch.sigmoid(a)", (v) => torch.sigmoid(v.a)], ["a.relu()", (v) => v.a.relu()],
  ["torch.relu(i - 5)", (v) => torch.relu(v.i.sub(5))], ["a.tanh()", (v) => v.a.tanh()], ["a.clamp(-0.5, 0.5)", (v) => v.a.clamp(-0.5, 0.5)],
  ["a.clamp(min=0)", (v) => v.a.clamp({ min: 0 })], ["a.clamp(max=b)", (v) => v.a.clamp({ max: v.b })], ["i.remainder(5)", (v) => v.i.remainder(5)],
  ["a.matmul(b)", (v) => v.a.matmul(v.b)], ["a.matmul(a.t())", (v) => v.a.matmul(v.a.t())], ["a.mm(a.t())", (v) => v.a.mm(v.a.t())], ["torch.mm(a, a.T)", (v) => torch.mm(v.a, v.a.T)],
  ["x3.float().matmul(b)", (v) => v.x3.float().matmul(v.b)], ["a.sum() * 0 + a.mean()", (v) => v.a.sum().mul(0).add(v.a.mean())],
  ["a.clone().add_(1)", (v) => v.a.clone().add_(1)], ["a.add_(b, alpha=-1)", (v) => v.a.add_(v.b, { alpha: -1 })], ["a.mul_(2)", (v) => v.a.mul_(2)],
  ["a.sub_(b)", (v) => v.a.sub_(v.b)], ["a.div_(4)", (v) => v.a.div_(4)], ["a.clamp_(0, 1)", (v) => v.a.clamp_(0, 1)], ["a.relu_()", (v) => v.a.relu_()],
  ["a.zero_()", (v) => v.a.zero_()], ["a.fill_(3)", (v) => v.a.fill_(3)], ["a.exp_()", (v) => v.a.exp_()], ["a.pow_(2)", (v) => v.a.pow_(2)],
  ["a.neg_()", (v) => v.a.neg_()], ["a.sigmoid_()", (v) => v.a.sigmoid_()], ["a.tanh_()", (v) => v.a.tanh_()], ["i.mul_(3)", (v) => v.i.mul_(3)],
  ["a.abs_().sqrt_()", (v) => v.a.abs_().sqrt_()], ["a.copy_(b)", (v) => v.a.copy_(v.b)],

  // ---- comparisons ----
  ["a.eq(b)", (v) => v.a.eq(v.b)], ["i.eq(3)", (v) => v.i.eq(3)], ["a.ne(0.5)", (v) => v.a.ne(0.5)], ["a.lt(b)", (v) => v.a.lt(v.b)],
  ["a.le(0)", (v) => v.a.le(0)], ["a.gt(b)", (v) => v.a.gt(v.b)], ["i.ge(6)", (v) => v.i.ge(6)], ["torch.eq(i, i.t().reshape(3, 4))", (v) => torch.eq(v.i, v.i.t().reshape(3, 4))],
  ["torch.equal(a, a.clone())", (v) => torch.equal(v.a, v.a.clone())], ["torch.allclose(a, a + 1e-9)", (v) => torch.allclose(v.a, v.a.add(1e-9))],

  // ---- reductions ----
  ["a.sum()", (v) => v.a.sum()], ["a.sum(1)", (v) => v.a.sum(1)], ["a.sum(dim=1, keepdim=True)", (v) => v.a.sum({ dim: 1, keepdim: true })],
  ["torch.sum(a, (0, 1))", (v) => torch.sum(v.a, [0, 1])], ["i.sum()", (v) => v.i.sum()], ["m.sum()", (v) => v.m.sum()], ["u8.sum()", (v) => v.u8.sum()],
  ["a.mean()", (v) => v.a.mean()], ["a.mean(0)", (v) => v.a.mean(0)], ["torch.mean(a, dim=-1, keepdim=True)", (v) => torch.mean(v.a, { dim: -1, keepdim: true })],
  ["a.max()", (v) => v.a.max()], ["a.max(1)", (v) => v.a.max(1)], ["a.max(1, keepdim=True)", (v) => v.a.max(1, { keepdim: true })],
  ["torch.max(a, 0).indices", (v) => torch.max(v.a, 0).indices], ["torch.max(a, dim=1).values", (v) => torch.max(v.a, { dim: 1 }).values],
  ["torch.max(a, b)", (v) => torch.max(v.a, v.b)], ["a.min()", (v) => v.a.min()], ["a.min(0)", (v) => v.a.min(0)], ["torch.min(i, 1).indices", (v) => torch.min(v.i, 1).indices],
  ["a.argmax()", (v) => v.a.argmax()], ["a.argmax(1)", (v) => v.a.argmax(1)], ["torch.argmax(a, dim=0, keepdim=True)", (v) => torch.argmax(v.a, { dim: 0, keepdim: true })],
  ["a.argmin(0)", (v) => v.a.argmin(0)], ["a.std()", (v) => v.a.std()], ["a.std(1)", (v) => v.a.std(1)], ["a.var(0)", (v) => v.a.var(0)],
  ["a.var(0, unbiased=False)", (v) => v.a.var(0, { unbiased: false })], ["a.std(dim=1, keepdim=True)", (v) => v.a.std({ dim: 1, keepdim: true })],
  ["m.all()", (v) => v.m.all()], ["m.any()", (v) => v.m.any()], ["m.all(1)", (v) => v.m.all(1)], ["m.any(0)", (v) => v.m.any(0)], ["i.all()", (v) => v.i.all()],
  ["a.prod(1)", (v) => v.a.prod(1)], ["a.cumsum(1)", (v) => v.a.cumsum(1)], ["a.norm()", (v) => v.a.norm()], ["i.float().median()", (v) => v.i.float().median()],

  // ---- softmax, where, cat, stack, gather, scatter, topk, sort ----
  ["a.softmax(1)", (v) => v.a.softmax(1)], ["torch.softmax(a, dim=0)", (v) => torch.softmax(v.a, { dim: 0 })], ["a.log_softmax(1)", (v) => v.a.log_softmax(1)],
  ["torch.log_softmax(a, 0, dtype=torch.float64)", (v) => torch.log_softmax(v.a, 0, { dtype: torch.float64 })],
  ["torch.where(m, a, b)", (v) => torch.where(v.m, v.a, v.b)], ["torch.where(m, a, 0.)", (v) => torch.where(v.m, v.a, 0.0)], ["torch.where(m, 1.5, a)", (v) => torch.where(v.m, 1.5, v.a)],
  ["torch.where(m)", (v) => torch.where(v.m)], ["a.where(m, b)", (v) => v.a.where(v.m, v.b)],
  ["torch.cat([a, a], 0)", (v) => torch.cat([v.a, v.a], 0)], ["torch.cat((a, a), dim=1)", (v) => torch.cat([v.a, v.a], { dim: 1 })], ["torch.cat([a, i])", (v) => torch.cat([v.a, v.i])],
  ["torch.stack([a, a])", (v) => torch.stack([v.a, v.a])], ["torch.stack([a, a], 2)", (v) => torch.stack([v.a, v.a], 2)], ["torch.hstack([b, b])", (v) => torch.hstack([v.b, v.b])],
  ["a.index_select(1, idx)", (v) => v.a.index_select(1, v.idx)], ["torch.index_select(a, 0, idx)", (v) => torch.index_select(v.a, 0, v.idx)],
  ["a.gather(1, torch.tensor([[0], [3], [1]]))", (v) => v.a.gather(1, torch.tensor([[0], [3], [1]]))],
  ["torch.zeros(3, 4).scatter(1, torch.tensor([[0], [3], [1]]), a)", (v) => torch.zeros(3, 4).scatter(1, torch.tensor([[0], [3], [1]]), v.a)],
  ["torch.zeros(3, 4).scatter(1, torch.tensor([[0], [3], [1]]), 5.0)", () => torch.zeros(3, 4).scatter(1, torch.tensor([[0], [3], [1]]), 5.0)],
  ["torch.zeros(3, 4).scatter_(0, torch.tensor([[2, 1, 0, 2]]), 1.0)", () => torch.zeros(3, 4).scatter_(0, torch.tensor([[2, 1, 0, 2]]), 1.0)],
  ["torch.zeros(3).scatter_add(0, torch.tensor([0, 0, 2]), torch.ones(3))", () => torch.zeros(3).scatter_add(0, torch.tensor([0, 0, 2]), torch.ones(3))],
  ["a.masked_fill(m, -1)", (v) => v.a.masked_fill(v.m, -1)], ["a.masked_fill_(~m, 0.)", (v) => v.a.masked_fill_(v.m.logical_not(), 0.0)],
  ["a.masked_select(m)", (v) => v.a.masked_select(v.m)],
  ["a.topk(2)", (v) => v.a.topk(2)], ["a.topk(2, dim=0, largest=False)", (v) => v.a.topk(2, { dim: 0, largest: false })], ["torch.topk(b, 3).indices", (v) => torch.topk(v.b, 3).indices],
  ["b.sort()", (v) => v.b.sort()], ["a.sort(0, descending=True)", (v) => v.a.sort(0, { descending: true })], ["torch.sort(b, descending=True).values", (v) => torch.sort(v.b, { descending: true }).values],
  ["b.argsort()", (v) => v.b.argsort()], ["torch.argsort(a, dim=1, descending=True)", (v) => torch.argsort(v.a, { dim: 1, descending: true })],
  ["a.max(1)._fields if False else [f for f in ('values', 'indices')]", (v) => { const r = v.a.max(1); return ["values", "indices"].filter((k) => (r as any)[k] instanceof Tensor); }],

  // ---- values out ----
  ["a.sum().item()", (v) => v.a.sum().item()], ["i.sum().item()", (v) => v.i.sum().item()], ["m.all().item()", (v) => v.m.all().item()],
  ["a.tolist()", (v) => v.a.tolist()], ["i.tolist()", (v) => v.i.tolist()], ["m.tolist()", (v) => v.m.tolist()], ["torch.tensor(3).tolist()", () => torch.tensor(3).tolist()],
  ["np_(a)", (v) => np(v.a)], ["np_(i)", (v) => np(v.i)], ["np_(u8)", (v) => np(v.u8)], ["np_(a.t())", (v) => np(v.a.t())], ["np_(a.double())", (v) => np(v.a.double())],
  ["np_(i.int())", (v) => np(v.i.int())], ["np_(m)", (v) => np(v.m)],

  // ---- clone, detach, requires_grad_ ----
  ["a.clone()", (v) => v.a.clone()], ["a.detach()", (v) => v.a.detach()], ["a.requires_grad_().requires_grad", (v) => v.a.requires_grad_().requires_grad],
  ["a.requires_grad_(False).requires_grad", (v) => v.a.requires_grad_(false).requires_grad],
  ["a.requires_grad_().detach().requires_grad", (v) => v.a.requires_grad_().detach().requires_grad],
  ["a.requires_grad_().clone().requires_grad", (v) => v.a.requires_grad_().clone().requires_grad],
  ["a.requires_grad_().clone().is_leaf", (v) => v.a.requires_grad_().clone().is_leaf],

  // ---- indexing (API.md rule 6) ----
  ["i[0]", (v) => v.i.index(0)], ["i[-1]", (v) => v.i.index(-1)], ["i[1, 2]", (v) => v.i.index(1, 2)], ["i[:, 1]", (v) => v.i.index(":", 1)],
  ["i[1:3]", (v) => v.i.index("1:3")], ["i[::2]", (v) => v.i.index("::2")], ["i[-1:]", (v) => v.i.index("-1:")], ["i[:, 1:-1]", (v) => v.i.index(":", "1:-1")],
  ["i[:, ::3]", (v) => v.i.index(":", "::3")], ["i[0:10:2, :2]", (v) => v.i.index("0:10:2", ":2")], ["x3[..., 0]", (v) => v.x3.index("...", 0)],
  ["x3[0, ...]", (v) => v.x3.index(0, "...")], ["x3[0, ..., 1]", (v) => v.x3.index(0, "...", 1)], ["i[None]", (v) => v.i.index(null)],
  ["i[:, None]", (v) => v.i.index(":", null)], ["i[0, None, :]", (v) => v.i.index(0, null, ":")], ["x3[..., None]", (v) => v.x3.index("...", null)],
  ["a[m]", (v) => v.a.index(v.m)], ["a[a > 1]", (v) => v.a.index(v.a.gt(1))], ["i[torch.tensor([True, False, True])]", (v) => v.i.index(torch.tensor([true, false, true]))],
  ["i[idx]", (v) => v.i.index(v.idx)], ["i[[0, 2]]", (v) => v.i.index([0, 2])], ["i[[0, 2], [1, 3]]", (v) => v.i.index([0, 2], [1, 3])],
  ["i[:, [0, 3]]", (v) => v.i.index(":", [0, 3])], ["i[1:, torch.tensor([True, False, True, False])]", (v) => v.i.index("1:", torch.tensor([true, false, true, false]))],
  ["i[idx, 1:3]", (v) => v.i.index(v.idx, "1:3")], ["x3[:, [0, 2], 1]", (v) => v.x3.index(":", [0, 2], 1)], ["x3[idx.view(2, 1) % 2, :, idx]", (v) => v.x3.index(v.idx.view(2, 1).remainder(2), ":", v.idx)],
  ["i[True]", (v) => v.i.index(true)], ["i[torch.tensor(1)]", (v) => v.i.index(torch.tensor(1))],
  ["a[1][2]", (v) => v.a.index(1).index(2)], ["a[1, 2].item()", (v) => v.a.index(1, 2).item()],
  ["S(i, 0, 5)", (v) => v.i.index_put_([0], 5)], ["S(i, I[:, 1], torch.tensor([7, 8, 9]))", (v) => v.i.index_put_([":", 1], torch.tensor([7, 8, 9]))],
  ["S(i, I[1:3], 0)", (v) => v.i.index_put_(["1:3"], 0)], ["S(a, m, -1.)", (v) => v.a.index_put_([v.m], -1.0)], ["S(a, I[m], b.sum())", (v) => v.a.index_put_(v.m, v.b.sum())],
  ["S(i, idx, 100)", (v) => v.i.index_put_([v.idx], 100)], ["S(i, I[[0, 2], [1, 3]], torch.tensor([10, 20]))", (v) => v.i.index_put_([[0, 2], [1, 3]], torch.tensor([10, 20]))],
  ["S(i, I[...], 1)", (v) => v.i.index_put_(["..."], 1)], ["S(x3, I[..., -1], 0)", (v) => v.x3.index_put_(["...", -1], 0)], ["S(i, I[::2, 1:], -3)", (v) => v.i.index_put_(["::2", "1:"], -3)],
  ["S(i, I[None, 0], 42)", (v) => v.i.index_put_([null, 0], 42)], ["S(a, I[:, 0], b[:3])", (v) => v.a.index_put_([":", 0], v.b.index(":3"))], ["S(a, (idx, idx), 9.)", (v) => v.a.index_put_([v.idx, v.idx], 9.0)],
  ["S(i, I[1, 2], 77)", (v) => v.i.index_put_([1, 2], 77)], ["S(i, I[:, [0, 3]], torch.zeros(3, 2, dtype=torch.int64))", (v) => v.i.index_put_([":", [0, 3]], torch.zeros(3, 2, { dtype: torch.int64 }))],
  ["torch.zeros(3).index_put_((torch.tensor([0, 0, 2]),), torch.ones(3), accumulate=True)", () => torch.zeros(3).index_put_([torch.tensor([0, 0, 2])], torch.ones(3), { accumulate: true })],
  ["torch.zeros(3).index_put_((torch.tensor([0, 0, 2]),), torch.tensor(2.), True)", () => torch.zeros(3).index_put_([torch.tensor([0, 0, 2])], torch.tensor(2.0, f32), true)],
];

function enc(x: unknown): unknown {
  if (x instanceof Tensor) {
    const t = x.detach();
    return { tensor: fix(t.tolist()), dtype: t.dtype.name, shape: Array.from(t.shape) };
  }
  if (Array.isArray(x)) return Array.from(x, enc);
  if (x instanceof torch.dtype) return String(x);
  if (typeof x === "number") return fix(x);
  return x;
}
function fix(v: any): any {
  if (Array.isArray(v)) return v.map(fix);
  if (typeof v === "number" && Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return v;
}
function np(t: Tensor) {
  const n = t.numpy();
  return { data: Array.from(n.data as ArrayLike<number | bigint>, (x) => (typeof x === "bigint" ? Number(x) : x)), shape: n.shape, dtype: n.dtype };
}

describe("Tensor API against Python", () => {
  const ref: any[] = py(`${PY_INPUTS}
exprs = ${JSON.stringify(CASES.map((c) => c[0]))}
import warnings
warnings.simplefilter("ignore")
out = []
for e in exprs:
    try:
        out.append(_enc(eval(e, dict(globals(), **make()))))
    except Exception as ex:
        out.append({"error": str(ex)})
`);
  CASES.forEach(([expr, fn], k) => {
    it(expr, () => {
      expect(ref[k]).not.toHaveProperty("error");
      let ours = enc(fn(make()));
      // numpy's bools come back from Python as True/False, ours as 0/1 bytes of a Uint8Array.
      if (expr === "np_(m)") ours = { ...(ours as any), data: (ours as any).data.map((x: number) => x !== 0) };
      expect(ours).toEqual(ref[k]);
    });
  });

  it("numpy() of a contiguous CPU tensor shares its memory", () => {
    const t = torch.zeros(4);
    const n = t.numpy();
    n.data[1] = 5;
    expect(t.tolist()).toEqual([0, 5, 0, 0]);
    expect(n.data).toBeInstanceOf(Float32Array);
  });

  it("max/min/sort/topk results are arrays with PyTorch's field names", () => {
    const a = torch.tensor([[1, 5, 2], [7, 0, 3]]);
    const r = torch.max(a, 1);
    const [values, indices] = r;
    expect(r.values).toBe(values);
    expect(r.indices).toBe(indices);
    expect(indices.tolist()).toEqual([1, 0]);
    expect(a.sort(1).indices.tolist()).toEqual([[0, 2, 1], [1, 2, 0]]);
    expect(a.topk(1).values.tolist()).toEqual([[5], [7]]);
  });
});

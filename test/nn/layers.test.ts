// Forward outputs and gradients of every layer against Python's, with the same seeded weights
// and inputs; Dropout and BatchNorm in train and eval modes; PyTorch's errors for bad input.
import { describe, it, expect, beforeAll } from "vitest";
import { Model003 } from "./models";
import torch, { nn, Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py } from "../helpers/python";
import { expectClose } from "./helpers";

const PY = `
import torch.nn as nn, torch.nn.functional as F
out = {}
def run(name, seed, make, shape, train=True):
    torch.manual_seed(seed)
    m = make()
    m.train(train)
    x = torch.randn(*shape, requires_grad=True)
    y = m(x)
    w = torch.randn(y.shape)
    (y * w).sum().backward()
    out[name] = {'y': y, 'xgrad': x.grad, 'pgrads': {k: p.grad for k, p in m.named_parameters()}}
run('linear', 0, lambda: nn.Linear(5, 3), (4, 5))
run('linear3d', 1, lambda: nn.Linear(5, 2, bias=False), (2, 3, 5))
run('conv', 2, lambda: nn.Conv2d(3, 4, 3), (2, 3, 7, 6))
run('conv_opts', 3, lambda: nn.Conv2d(4, 6, (3, 2), stride=2, padding=1, dilation=(2, 1), groups=2), (2, 4, 9, 8))
run('conv_same', 4, lambda: nn.Conv2d(2, 3, 4, padding='same', bias=False), (1, 2, 6, 6))
run('conv_reflect', 5, lambda: nn.Conv2d(2, 2, 3, padding=1, padding_mode='reflect'), (1, 2, 5, 5))
run('conv_valid', 6, lambda: nn.Conv2d(1, 2, 3, padding='valid'), (2, 1, 5, 5))
run('maxpool', 7, lambda: nn.MaxPool2d(2), (2, 3, 6, 7))
run('maxpool_opts', 8, lambda: nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), (1, 2, 7, 7))
run('avgpool', 9, lambda: nn.AvgPool2d(2), (2, 2, 6, 6))
run('avgpool_opts', 10, lambda: nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), (1, 2, 7, 5))
run('adaptive', 11, lambda: nn.AdaptiveAvgPool2d((3, None)), (2, 2, 7, 5))
run('adaptive1', 12, lambda: nn.AdaptiveAvgPool2d(1), (2, 3, 4, 4))
run('relu', 13, lambda: nn.ReLU(), (3, 4))
run('leaky', 14, lambda: nn.LeakyReLU(0.2), (3, 4))
run('gelu', 15, lambda: nn.GELU(), (3, 4))
run('sigmoid', 16, lambda: nn.Sigmoid(), (3, 4))
run('tanh', 17, lambda: nn.Tanh(), (3, 4))
run('softmax', 18, lambda: nn.Softmax(dim=1), (3, 4))
run('softmax0', 19, lambda: nn.Softmax(dim=0), (3, 4))
run('logsoftmax', 20, lambda: nn.LogSoftmax(dim=1), (3, 4))
run('flatten', 21, lambda: nn.Flatten(), (2, 3, 4))
run('unflatten', 22, lambda: nn.Unflatten(1, (2, 3)), (4, 6))
run('identity', 23, lambda: nn.Identity(), (2, 2))
run('dropout_train', 24, lambda: nn.Dropout(0.3), (4, 10))
run('dropout_eval', 25, lambda: nn.Dropout(0.3), (4, 10), False)
run('dropout2d_train', 26, lambda: nn.Dropout2d(0.5), (2, 6, 3, 3))
run('bn1_train', 27, lambda: nn.BatchNorm1d(4), (6, 4))
run('bn1_3d', 28, lambda: nn.BatchNorm1d(3), (4, 3, 5))
run('bn2_train', 29, lambda: nn.BatchNorm2d(3), (2, 3, 4, 4))
run('seq', 30, lambda: nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Dropout(0.5), nn.Linear(5, 2)), (3, 6))

# BatchNorm running statistics across train steps, then eval
torch.manual_seed(31)
bn = nn.BatchNorm2d(3, momentum=0.3)
for _ in range(3): bn(torch.randn(4, 3, 2, 2) * 2 + 1)
bn.eval(); xe = torch.randn(2, 3, 2, 2)
out['bn_stats'] = {'rm': bn.running_mean, 'rv': bn.running_var, 'n': bn.num_batches_tracked, 'eval': bn(xe)}
torch.manual_seed(32)
bnc = nn.BatchNorm1d(2, momentum=None)
for _ in range(3): bnc(torch.randn(5, 2))
out['bn_cma'] = {'rm': bnc.running_mean, 'rv': bnc.running_var}
torch.manual_seed(33)
bnn = nn.BatchNorm1d(2, track_running_stats=False); bnn.eval()
out['bn_nostats'] = bnn(torch.randn(5, 2))

# the tutorial 003 CNN: a training-mode forward with F.dropout, then eval
class Model003(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5); self.conv2 = nn.Conv2d(32, 16, 3)
        self.fc1 = nn.Linear(400, 100); self.fc2 = nn.Linear(100, 10)
    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = x.view(-1, 400)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)
torch.manual_seed(34)
m = Model003(); x = torch.randn(3, 1, 28, 28)
yt = m(x); m.eval(); ye = m(x)
out['m003'] = {'train': yt, 'eval': ye}

errs = {}
def err(name, f):
    try: f(); errs[name] = None
    except Exception as e: errs[name] = str(e)
err('linear', lambda: nn.Linear(400, 10)(torch.ones(64, 784)))
err('conv_channels', lambda: nn.Conv2d(3, 4, 3)(torch.ones(1, 2, 5, 5)))
err('conv_small', lambda: nn.Conv2d(1, 1, 5)(torch.ones(1, 1, 3, 3)))
err('bn_dim', lambda: nn.BatchNorm2d(3)(torch.ones(3, 3)))
err('bn1_dim', lambda: nn.BatchNorm1d(3)(torch.ones(3)))
err('bn_batch1', lambda: nn.BatchNorm1d(3)(torch.ones(1, 3)))
err('dropout_p', lambda: nn.Dropout(1.5))
err('conv_groups', lambda: nn.Conv2d(3, 4, 3, groups=2))
err('conv_same_stride', lambda: nn.Conv2d(3, 3, 3, stride=2, padding='same'))
err('view', lambda: torch.ones(2, 3, 4, 4).view(-1, 400))
out['errs'] = errs
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

function run(name: string, seed: number, make: () => nn.Module, shape: number[], train = true) {
  torch.manual_seed(seed);
  const m = make();
  m.train(train);
  const x = torch.randn(shape, { requires_grad: true });
  const y: Tensor = m(x);
  const w = torch.randn(y.shape);
  y.mul(w).sum().backward();
  const r = ref[name];
  expect([...y.shape], name).toEqual(r.y.shape);
  expectClose(y, r.y);
  expectClose(x.grad!, r.xgrad);
  for (const [k, p] of m.named_parameters()) expectClose(p.grad!, r.pgrads[k]);
  expect(m.named_parameters().map(([k]) => k)).toEqual(Object.keys(r.pgrads));
}

describe("forward and backward equal Python's", () => {
  it("Linear", () => {
    run("linear", 0, () => new nn.Linear(5, 3), [4, 5]);
    run("linear3d", 1, () => new nn.Linear(5, 2, { bias: false }), [2, 3, 5]);
  });
  it("Conv2d (stride, padding, dilation, groups, 'same', 'valid', padding_mode)", () => {
    run("conv", 2, () => new nn.Conv2d(3, 4, 3), [2, 3, 7, 6]);
    run("conv_opts", 3, () => new nn.Conv2d(4, 6, [3, 2], { stride: 2, padding: 1, dilation: [2, 1], groups: 2 }), [2, 4, 9, 8]);
    run("conv_same", 4, () => new nn.Conv2d(2, 3, 4, { padding: "same", bias: false }), [1, 2, 6, 6]);
    run("conv_reflect", 5, () => new nn.Conv2d(2, 2, 3, { padding: 1, padding_mode: "reflect" }), [1, 2, 5, 5]);
    run("conv_valid", 6, () => new nn.Conv2d(1, 2, 3, { padding: "valid" }), [2, 1, 5, 5]);
  });
  it("MaxPool2d, AvgPool2d, AdaptiveAvgPool2d", () => {
    run("maxpool", 7, () => new nn.MaxPool2d(2), [2, 3, 6, 7]);
    run("maxpool_opts", 8, () => new nn.MaxPool2d(3, { stride: 2, padding: 1, ceil_mode: true }), [1, 2, 7, 7]);
    run("avgpool", 9, () => new nn.AvgPool2d(2), [2, 2, 6, 6]);
    run("avgpool_opts", 10, () => new nn.AvgPool2d(3, { stride: 2, padding: 1, count_include_pad: false }), [1, 2, 7, 5]);
    run("adaptive", 11, () => new nn.AdaptiveAvgPool2d([3, null]), [2, 2, 7, 5]);
    run("adaptive1", 12, () => new nn.AdaptiveAvgPool2d(1), [2, 3, 4, 4]);
  });
  it("activations, Flatten, Unflatten, Identity", () => {
    run("relu", 13, () => new nn.ReLU(), [3, 4]);
    run("leaky", 14, () => new nn.LeakyReLU(0.2), [3, 4]);
    run("gelu", 15, () => new nn.GELU(), [3, 4]);
    run("sigmoid", 16, () => new nn.Sigmoid(), [3, 4]);
    run("tanh", 17, () => new nn.Tanh(), [3, 4]);
    run("softmax", 18, () => new nn.Softmax({ dim: 1 }), [3, 4]);
    run("softmax0", 19, () => new nn.Softmax(0), [3, 4]);
    run("logsoftmax", 20, () => new nn.LogSoftmax({ dim: 1 }), [3, 4]);
    run("flatten", 21, () => new nn.Flatten(), [2, 3, 4]);
    run("unflatten", 22, () => new nn.Unflatten(1, [2, 3]), [4, 6]);
    run("identity", 23, () => new nn.Identity(), [2, 2]);
  });
  it("Dropout draws Python's mask in training mode and is the identity in eval mode", () => {
    run("dropout_train", 24, () => new nn.Dropout(0.3), [4, 10]);
    run("dropout_eval", 25, () => new nn.Dropout(0.3), [4, 10], false);
    run("dropout2d_train", 26, () => new nn.Dropout2d(0.5), [2, 6, 3, 3]);
    run("seq", 30, () => new nn.Sequential(new nn.Linear(6, 5), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(5, 2)), [3, 6]);
  });
  it("BatchNorm1d/2d in training mode", () => {
    run("bn1_train", 27, () => new nn.BatchNorm1d(4), [6, 4]);
    run("bn1_3d", 28, () => new nn.BatchNorm1d(3), [4, 3, 5]);
    run("bn2_train", 29, () => new nn.BatchNorm2d(3), [2, 3, 4, 4]);
  });
  it("BatchNorm running statistics (momentum, cumulative average), eval mode, no running stats", () => {
    torch.manual_seed(31);
    const bn = new nn.BatchNorm2d(3, { momentum: 0.3 });
    for (let i = 0; i < 3; i++) bn(torch.randn(4, 3, 2, 2).mul(2).add(1));
    bn.eval();
    const xe = torch.randn(2, 3, 2, 2);
    expectClose(bn.running_mean!, ref.bn_stats.rm);
    expectClose(bn.running_var!, ref.bn_stats.rv);
    expect(bn.num_batches_tracked!.item()).toBe(ref.bn_stats.n.tensor);
    expectClose(bn(xe), ref.bn_stats.eval);
    torch.manual_seed(32);
    const bnc = new nn.BatchNorm1d(2, { momentum: null });
    for (let i = 0; i < 3; i++) bnc(torch.randn(5, 2));
    expectClose(bnc.running_mean!, ref.bn_cma.rm);
    expectClose(bnc.running_var!, ref.bn_cma.rv);
    torch.manual_seed(33);
    const bnn = new nn.BatchNorm1d(2, { track_running_stats: false });
    bnn.eval();
    expectClose(bnn(torch.randn(5, 2)), ref.bn_nostats);
  });
  it("tutorial 003's CNN: F.dropout follows model.training", () => {
    torch.manual_seed(34);
    const m = new Model003();
    const x = torch.randn(3, 1, 28, 28);
    const yt = m(x);
    m.eval();
    const ye = m(x);
    expectClose(yt, ref.m003.train, 1e-5);
    expectClose(ye, ref.m003.eval, 1e-5);
  });
});

describe("bad input gives PyTorch's errors", () => {
  const msg = (f: () => unknown) => { try { f(); return null; } catch (e: any) { return e.message as string; } };
  it("shape errors come from ATen with its message", () => {
    expect(msg(() => new nn.Linear(400, 10)(torch.ones(64, 784)))).toBe(ref.errs.linear);
    expect(ref.errs.linear).toContain("mat1 and mat2 shapes cannot be multiplied (64x784 and 400x10)");
    expect(msg(() => new nn.Conv2d(3, 4, 3)(torch.ones(1, 2, 5, 5)))).toBe(ref.errs.conv_channels);
    expect(msg(() => new nn.Conv2d(1, 1, 5)(torch.ones(1, 1, 3, 3)))).toBe(ref.errs.conv_small);
    expect(msg(() => torch.ones(2, 3, 4, 4).view(-1, 400))).toBe(ref.errs.view);
  });
  it("module checks raise Python's messages", () => {
    expect(msg(() => new nn.BatchNorm2d(3)(torch.ones(3, 3)))).toBe(ref.errs.bn_dim);
    expect(msg(() => new nn.BatchNorm1d(3)(torch.ones(3)))).toBe(ref.errs.bn1_dim);
    expect(msg(() => new nn.BatchNorm1d(3)(torch.ones(1, 3)))).toBe(ref.errs.bn_batch1);
    expect(msg(() => new nn.Dropout(1.5))).toBe(ref.errs.dropout_p);
    expect(msg(() => new nn.Conv2d(3, 4, 3, { groups: 2 }))).toBe(ref.errs.conv_groups);
    expect(msg(() => new nn.Conv2d(3, 3, 3, { stride: 2, padding: "same" }))).toBe(ref.errs.conv_same_stride);
  });
});

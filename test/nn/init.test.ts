// Seeded initialisation equals Python's bit for bit: every layer's reset_parameters and every nn.init function.
import { describe, it, expect, beforeAll } from "vitest";
import { MnistModel, SimpleCNN, Model003 } from "./models";
import torch, { nn, Tensor } from "../../lib/index";
import { py } from "../helpers/python";

const F = nn.functional;


const PY = `
import torch.nn as nn, torch.nn.functional as F
def params(m): return {k: v for k, v in m.state_dict().items()}
out = {}
torch.manual_seed(0); out['linear'] = params(nn.Linear(5, 3))
torch.manual_seed(1); out['linear_nobias'] = params(nn.Linear(7, 4, bias=False))
torch.manual_seed(2); out['conv'] = params(nn.Conv2d(3, 8, 3))
torch.manual_seed(3); out['conv_opts'] = params(nn.Conv2d(4, 6, (3, 2), stride=2, padding=1, dilation=(2, 1), groups=2))
torch.manual_seed(4); out['conv_same'] = params(nn.Conv2d(2, 3, 5, padding='same', bias=False))
torch.manual_seed(5); out['bn1'] = params(nn.BatchNorm1d(4))
torch.manual_seed(6); out['bn2'] = params(nn.BatchNorm2d(3, affine=False))
class MnistModel(nn.Module):
    def __init__(self):
        super().__init__(); self.linear = nn.Linear(784, 10)
torch.manual_seed(42); out['mnist'] = params(MnistModel())
torch.manual_seed(7); out['seq'] = params(nn.Sequential(nn.Linear(784, 392), nn.ReLU(), nn.Linear(392, 30), nn.ReLU(), nn.Linear(30, 10)))
class SimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=3, padding=1); self.relu1 = nn.ReLU(); self.pool1 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(in_channels=32, out_channels=64, kernel_size=3, padding=1); self.relu2 = nn.ReLU(); self.pool2 = nn.MaxPool2d(kernel_size=2, stride=2)
        self.fc1 = nn.Linear(64*7*7, 128); self.relu3 = nn.ReLU(); self.fc2 = nn.Linear(128, 10)
torch.manual_seed(8); m = SimpleCNN(); out['cnn_sums'] = {k: [v.sum().item(), v.abs().sum().item(), v.flatten()[:5]] for k, v in m.state_dict().items()}
class Model003(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5); self.conv2 = nn.Conv2d(32, 16, 3)
        self.fc1 = nn.Linear(400, 100); self.fc2 = nn.Linear(100, 10)
torch.manual_seed(1); out['m003'] = params(Model003())
init = nn.init
t = torch.empty(6, 5)
torch.manual_seed(10); out['kaiming_uniform'] = init.kaiming_uniform_(torch.empty(6, 5)).clone()
torch.manual_seed(10); out['kaiming_uniform_relu'] = init.kaiming_uniform_(torch.empty(6, 5, 3), mode='fan_out', nonlinearity='relu').clone()
torch.manual_seed(11); out['kaiming_normal'] = init.kaiming_normal_(torch.empty(6, 5)).clone()
torch.manual_seed(12); out['xavier_uniform'] = init.xavier_uniform_(torch.empty(4, 7), gain=init.calculate_gain('tanh')).clone()
torch.manual_seed(13); out['xavier_normal'] = init.xavier_normal_(torch.empty(4, 7)).clone()
torch.manual_seed(14); out['uniform'] = init.uniform_(torch.empty(3, 3), -2, 5).clone()
torch.manual_seed(15); out['normal'] = init.normal_(torch.empty(3, 3), 1.5, 0.25).clone()
out['constant'] = init.constant_(torch.empty(2, 2), 0.3)
out['gains'] = [init.calculate_gain(n) for n in ['linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']] + [init.calculate_gain('leaky_relu', 0.2)]
def gen():
    g = torch.Generator().manual_seed(21); torch.manual_seed(0)
    return [init.uniform_(torch.empty(2, 3), -1, 1, generator=g).clone(), init.normal_(torch.empty(3), generator=g).clone(),
            init.kaiming_uniform_(torch.empty(3, 4), a=1, generator=g).clone(), init.kaiming_normal_(torch.empty(3, 4), mode='fan_out', generator=g).clone(),
            init.xavier_uniform_(torch.empty(2, 5), generator=g).clone(), init.xavier_normal_(torch.empty(2, 5), 2.0, g).clone(), torch.rand(2)]
try:
    out['generator'] = gen()
except TypeError as e:
    out['generator'] = ['TypeError', str(e)]
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

function sd(m: nn.Module) {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(m.state_dict())) out[k] = v.tolist();
  return out;
}
const tensors = (o: Record<string, any>) => Object.fromEntries(Object.entries(o).map(([k, v]: [string, any]) => [k, v.tensor]));

describe("layers initialise as Python's reset_parameters after manual_seed", () => {
  it("Linear, with and without bias", () => {
    torch.manual_seed(0);
    expect(sd(new nn.Linear(5, 3))).toEqual(tensors(ref.linear));
    torch.manual_seed(1);
    expect(sd(new nn.Linear(7, 4, { bias: false }))).toEqual(tensors(ref.linear_nobias));
  });
  it("Conv2d: plain, stride/padding/dilation/groups, padding='same' without bias", () => {
    torch.manual_seed(2);
    expect(sd(new nn.Conv2d(3, 8, 3))).toEqual(tensors(ref.conv));
    torch.manual_seed(3);
    expect(sd(new nn.Conv2d(4, 6, [3, 2], { stride: 2, padding: 1, dilation: [2, 1], groups: 2 }))).toEqual(tensors(ref.conv_opts));
    torch.manual_seed(4);
    expect(sd(new nn.Conv2d(2, 3, 5, { padding: "same", bias: false }))).toEqual(tensors(ref.conv_same));
  });
  it("BatchNorm1d / BatchNorm2d parameters and buffers (num_batches_tracked int64)", () => {
    torch.manual_seed(5);
    const bn1 = new nn.BatchNorm1d(4);
    expect(sd(bn1)).toEqual(tensors(ref.bn1));
    expect(bn1.state_dict().num_batches_tracked.dtype).toBe(torch.int64);
    expect(ref.bn1.num_batches_tracked.dtype).toBe("int64");
    torch.manual_seed(6);
    expect(sd(new nn.BatchNorm2d(3, { affine: false }))).toEqual(tensors(ref.bn2));
  });
  it("the tutorials' models: MnistModel, the deeper Sequential MLP, tutorial 003's CNN", () => {
    torch.manual_seed(42);
    expect(sd(new MnistModel())).toEqual(tensors(ref.mnist));
    torch.manual_seed(7);
    const seq = new nn.Sequential(new nn.Linear(784, 392), new nn.ReLU(), new nn.Linear(392, 30), new nn.ReLU(), new nn.Linear(30, 10));
    expect(sd(seq)).toEqual(tensors(ref.seq));
    torch.manual_seed(1);
    expect(sd(new Model003())).toEqual(tensors(ref.m003));
  });
  it("tutorial 002's SimpleCNN (sums and first values of every tensor)", () => {
    torch.manual_seed(8);
    const m = new SimpleCNN();
    // Summed on one thread, as the reference is (a float sum split over threads rounds differently).
    const threads = torch.get_num_threads();
    torch.set_num_threads(1);
    let got: Record<string, any>;
    try {
      got = Object.fromEntries(Object.entries(m.state_dict()).map(([k, v]) => [k, [v.sum().item(), v.abs().sum().item(), v.flatten().index(":5").tolist()]]));
    } finally {
      torch.set_num_threads(threads);
    }
    const exp = Object.fromEntries(Object.entries(ref.cnn_sums).map(([k, v]: [string, any]) => [k, [v[0], v[1], v[2].tensor]]));
    expect(got).toEqual(exp);
  });
});

describe("nn.init draws what Python's draws", () => {
  const init = nn.init;
  it("kaiming_uniform_ / kaiming_normal_ (modes, nonlinearities)", () => {
    torch.manual_seed(10);
    expect(init.kaiming_uniform_(torch.empty(6, 5)).tolist()).toEqual(ref.kaiming_uniform.tensor);
    torch.manual_seed(10);
    expect(init.kaiming_uniform_(torch.empty(6, 5, 3), { mode: "fan_out", nonlinearity: "relu" }).tolist()).toEqual(ref.kaiming_uniform_relu.tensor);
    torch.manual_seed(11);
    expect(init.kaiming_normal_(torch.empty(6, 5)).tolist()).toEqual(ref.kaiming_normal.tensor);
  });
  it("xavier_uniform_ / xavier_normal_ / uniform_ / normal_ / constant_", () => {
    torch.manual_seed(12);
    expect(init.xavier_uniform_(torch.empty(4, 7), { gain: init.calculate_gain("tanh") }).tolist()).toEqual(ref.xavier_uniform.tensor);
    torch.manual_seed(13);
    expect(init.xavier_normal_(torch.empty(4, 7)).tolist()).toEqual(ref.xavier_normal.tensor);
    torch.manual_seed(14);
    expect(init.uniform_(torch.empty(3, 3), -2, 5).tolist()).toEqual(ref.uniform.tensor);
    torch.manual_seed(15);
    expect(init.normal_(torch.empty(3, 3), 1.5, 0.25).tolist()).toEqual(ref.normal.tensor);
    expect(init.constant_(torch.empty(2, 2), 0.3).tolist()).toEqual(ref.constant.tensor);
    expect(init.zeros_(torch.ones(2)).tolist()).toEqual([0, 0]);
    expect(init.ones_(torch.zeros(2)).tolist()).toEqual([1, 1]);
  });
  it("calculate_gain", () => {
    const names = ["linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"];
    expect([...names.map((n) => init.calculate_gain(n)), init.calculate_gain("leaky_relu", 0.2)]).toEqual(ref.gains);
    expect(() => init.calculate_gain("foo")).toThrow("Unsupported nonlinearity foo");
    expect(() => init.kaiming_uniform_(torch.empty(3))).toThrow("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
    expect(() => init.kaiming_uniform_(torch.empty(3, 3), { mode: "fan_avg" })).toThrow("Mode fan_avg not supported");
  });
  it("a generator draws in place of the default one (2.2; 1.13 has no such argument)", () => {
    const gen = () => {
      const g = new torch.Generator().manual_seed(21);
      torch.manual_seed(0);
      return [init.uniform_(torch.empty(2, 3), -1, 1, { generator: g }), init.normal_(torch.empty(3), { generator: g }),
        init.kaiming_uniform_(torch.empty(3, 4), { a: 1, generator: g }), init.kaiming_normal_(torch.empty(3, 4), { mode: "fan_out", generator: g }),
        init.xavier_uniform_(torch.empty(2, 5), { generator: g }), init.xavier_normal_(torch.empty(2, 5), 2.0, g), torch.rand(2)].map((t) => t.tolist());
    };
    if (ref.generator[0] === "TypeError") {
      const msg = String(ref.generator[1]).replace(/^\w+\.(?=\w+\(\))/, "");
      expect(gen).toThrow(new TypeError(msg));
    } else {
      expect(gen()).toEqual(ref.generator.map((t: any) => t.tensor));
    }
  });
  it("init functions run under no_grad on parameters", () => {
    const p = new nn.Parameter(torch.empty(3, 3));
    init.normal_(p);
    expect(p.grad_fn).toBe(null);
    expect(p.requires_grad).toBe(true);
  });
});

// torch.jit.trace of torch-node modules and functions: libtorch's tracer records the ATen ops
// the JavaScript forward calls; torch.jit.save writes files that Python's torch.jit.load
// reads and runs with Node's outputs.
import { describe, it, expect, beforeAll } from "vitest";
import path from "node:path";
import torch, { nn, Tensor } from "../../lib/index";
import { N as Native } from "../../lib/native";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "../nn/helpers";
import { tmpdir } from "./_models";

class SmallCNN extends nn.Module {
  features = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(4, 8, 3), new nn.ReLU(),
  );
  head = new nn.Linear(32, 5);
  declare scale: Tensor;
  constructor() {
    super();
    this.register_buffer("scale", torch.full([1], 0.5));
  }
  forward(x: Tensor) { return this.head(this.features(x).flatten(1)).mul(this.scale); }
}

class Pair extends nn.Module {
  lin = new nn.Linear(3, 2);
  forward(a: Tensor, [h, c]: Tensor[]) { return [this.lin(a).add(h), c.mul(2)]; }
}

function fn(a: Tensor, b: Tensor) { return a.mul(b).add(1); }

const D = tmpdir("trace");
const file = (name: string) => path.join(D, name);
const js = (t: Tensor) => JSON.stringify(t.tolist());
let N: Record<string, any>;
let R: any;

beforeAll(() => {
  torch.manual_seed(0);
  const net = new SmallCNN().eval();
  const x = torch.randn(2, 1, 8, 8), x2 = torch.randn(2, 1, 8, 8);
  const t = torch.jit.trace(net, x);
  torch.jit.save(t, file("cnn.pt"), { _extra_files: { "info.txt": "from node" } });

  const train = new SmallCNN();
  const t2 = torch.jit.trace(train, x);
  t2.save(file("cnn_train.pt"));
  const running_mean = train.state_dict()["features.1.running_mean"].clone();
  const trainOut = t2(x2);

  const pair = new Pair();
  const a = torch.randn(4, 3), h = torch.randn(4, 2), c = torch.randn(4, 2);
  const tp = torch.jit.trace(pair, [a, [h, c]]);
  torch.jit.save(tp, file("pair.pt"));

  N = {
    net, t, x, x2, t2, train, trainOut, running_mean, pair, tp, a, h, c,
  };
  R = py(`
import warnings, os
warnings.simplefilter('ignore')
${PY_ERR}
D = ${JSON.stringify(D)}
x = torch.tensor(${js(x)}); x2 = torch.tensor(${js(x2)})
extra = {'info.txt': ''}
m = torch.jit.load(os.path.join(D, 'cnn.pt'), _extra_files=extra)
out = {'cnn': [m(x), m(x2)], 'repr': repr(m), 'keys': list(m.state_dict().keys()), 'training': m.training,
       'extra': extra['info.txt'].decode(), 'params': [k for k, _ in m.named_parameters()]}
m2 = torch.jit.load(os.path.join(D, 'cnn_train.pt'))
out['train'] = [m2.training, m2(x2), dict(m2.named_buffers())['features.1.running_mean']]
p = torch.jit.load(os.path.join(D, 'pair.pt'))
a = torch.tensor(${js(a)}); h = torch.tensor(${js(h)}); c = torch.tensor(${js(c)})
out['pair'] = p(a, (h, c))
def fn(a, b):
    return a * b + 1
f = torch.jit.trace(fn, (a, a))
out['fn_code'] = f.code
out['fn'] = f(h, c)
out['bad_output'] = err(lambda: torch.jit.trace(lambda a: 3, (a,)))
out['no_output'] = err(lambda: torch.jit.trace(lambda a: None, (a,)))
out['dict_strict'] = err(lambda: torch.jit.trace(lambda a: {'y': a * 2}, (a,)))
out['dict_loose'] = torch.jit.trace(lambda a: {'y': a * 2}, (a,), strict=False)(h)
out['save_plain'] = err(lambda: torch.jit.save(torch.nn.Linear(2, 2), os.path.join(D, 'plain.pt')))
`);
});

describe("torch.jit.trace of a torch-node module", () => {
  it("replays the module's forward on other inputs", () => {
    const { net, t, x, x2 } = N;
    expect(t(x).equal(net(x))).toBe(true);
    expect(t.forward(x2).equal(net(x2))).toBe(true);
    expect(t.training).toBe(false);
  });

  it("keeps the module's parameters, buffers, names and structure", () => {
    const { net, t } = N;
    expect(Object.keys(t.state_dict())).toEqual(Object.keys(net.state_dict()));
    expect(t.named_parameters().map(([k]: [string]) => k)).toEqual(net.named_parameters().map(([k]: [string, Tensor]) => k));
    // the same tensors, not copies
    t.parameters().forEach((p: Tensor, i: number) => expect(Native.sameTensor(p._h, net.parameters()[i]._h)).toBe(true));
    expect(String(t)).toBe(R.repr);
    expect(t.code).toContain("def forward(self");
  });

  it("Python's torch.jit.load reads the file and gives Node's outputs", () => {
    const { t, x, x2 } = N;
    expectClose(t(x), R.cnn[0]);
    expectClose(t(x2), R.cnn[1]);
    expect(R.keys).toEqual(Object.keys(t.state_dict()));
    expect(R.params).toEqual(t.named_parameters().map(([k]: [string]) => k));
    expect(R.training).toBe(false);
    expect(R.extra).toBe("from node");
  });

  it("a module traced in training mode updates its batch statistics in Python as in Node", () => {
    expect(R.train[0]).toBe(true);
    expectClose(N.trainOut, R.train[1]);
    // Python ran the saved module once from the state the trace left; Node did the same
    expectClose(N.t2.state_dict()["features.1.running_mean"], R.train[2]);
    expect(N.running_mean.equal(N.t2.state_dict()["features.1.running_mean"])).toBe(false);
  });

  it("tuple inputs and outputs", () => {
    const { pair, tp, a, h, c } = N;
    const [y, c2] = tp(a, [h, c]);
    const [ey, ec] = pair(a, [h, c]);
    expect(y.equal(ey) && c2.equal(ec)).toBe(true);
    expectClose(y, R.pair[0]);
    expectClose(c2, R.pair[1]);
  });

  it("saves to a stream and loads from the bytes", () => {
    const chunks: Uint8Array[] = [];
    torch.jit.save(N.t, { write: (c: Uint8Array) => chunks.push(c) });
    const m = torch.jit.load(Buffer.concat(chunks));
    expect(m(N.x).equal(N.t(N.x))).toBe(true);
  });
});

describe("torch.jit.trace of a function, and what tracing refuses", () => {
  it("a function of tensors becomes a ScriptFunction with Python's signature", () => {
    const { a, h, c } = N;
    const f = torch.jit.trace(fn, [a, a]);
    expect(f).toBeInstanceOf(torch.jit.ScriptFunction);
    // Python's `+ 1` records a tensor constant where Tensor.add(1) records the number
    expect(f.code.split("\n").slice(0, 2)).toEqual(R.fn_code.split("\n").slice(0, 2));
    expect(f.code).toContain("torch.add(torch.mul(a, b), 1)");
    expectClose(f(h, c), R.fn);
  });

  it("an output that is not a tensor raises the tracer's error; an error in forward passes through", () => {
    expect(() => torch.jit.trace((_a: Tensor) => 3, [N.a])).toThrow(R.bad_output[1]);
    expect(() => torch.jit.trace((_a: Tensor) => null, [N.a])).toThrow(R.no_output[1]);
    // a dict output: refused in strict mode, as Python refuses it; allowed with strict: false
    expect(() => torch.jit.trace((a: Tensor) => ({ y: a.mul(2) }), [N.a])).toThrow(R.dict_strict[1]);
    const d = torch.jit.trace((a: Tensor) => ({ y: a.mul(2) }), [N.a], { strict: false });
    expectClose(d(N.h).y, R.dict_loose.y);
    expect(torch.jit.is_tracing()).toBe(false);
    class Broken extends nn.Module {
      forward(_x: Tensor): Tensor { throw new Error("broken forward"); }
    }
    expect(() => torch.jit.trace(new Broken(), N.a)).toThrow("broken forward");
    expect(torch.jit.is_tracing()).toBe(false);
    // tracing works again afterwards
    expect(torch.jit.trace(fn, [N.a, N.a])(N.h, N.h).equal(fn(N.h, N.h))).toBe(true);
  });

  it("torch.jit.script names trace and load; save takes only TorchScript modules", () => {
    expect(() => torch.jit.script(new SmallCNN())).toThrow(/torch\.jit\.trace.*torch\.jit\.load/s);
    expect(() => torch.jit.save(new nn.Linear(2, 2) as any, file("plain.pt"))).toThrow(R.save_plain[1]);
    expect(torch.jit.is_scripting()).toBe(false);
  });
});

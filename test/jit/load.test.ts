// torch.jit.load of modules Python scripted and traced: outputs, methods, attributes, values
// of every kind both ways, train/eval, to(), state_dict, errors, and files that are not
// TorchScript.
import { describe, it, expect, beforeAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import torch, { Tensor } from "../../lib/index";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "../nn/helpers";
import { tmpdir, tensorOf, IMPORT_MODELS } from "./_models";

const D = tmpdir("load");
let R: any;
const file = (name: string) => path.join(D, name);

beforeAll(() => {
  R = py(`
import warnings
warnings.simplefilter('ignore')
D = ${JSON.stringify(D)}
${IMPORT_MODELS}
${PY_ERR}
def msg(f):
    e = err(f)
    return None if e is None else [e[0], e[1].split('\\nCast error details')[0]]
out = {}
torch.manual_seed(0)
x = torch.randn(2, 1, 8, 8); x2 = torch.randn(2, 1, 8, 8)
out['x'] = x; out['x2'] = x2

cnn = torch.jit.script(models.CNN())
cnn.save(os.path.join(D, 'cnn.pt'), _extra_files={'meta.txt': 'hello'})
loaded = torch.jit.load(os.path.join(D, 'cnn.pt'))
out['cnn_repr'] = repr(loaded); out['cnn_code'] = loaded.code; out['features_code'] = loaded.features.code
out['cnn_graph'] = str(loaded.graph)
out['cnn_params'] = [k for k, _ in cnn.named_parameters()]
out['cnn_buffers'] = [k for k, _ in cnn.named_buffers()]
out['cnn_training'] = cnn.training
cnn.eval()
out['cnn_eval'] = cnn(x); out['cnn_features'] = cnn.features(x)
out['cnn_sd'] = {k: v.clone() for k, v in cnn.state_dict().items()}
sd = dict(cnn.state_dict()); sd['fc.bias'] = torch.full([5], 1.5)
cnn.load_state_dict(sd)
out['cnn_loaded_sd'] = cnn(x)
cnn.to(torch.float64)
out['cnn64'] = cnn(x.double())

g = torch.jit.load(os.path.join(D, 'cnn.pt')).eval()
g(x).pow(2).sum().backward()
out['grads'] = {k: p.grad for k, p in g.named_parameters()}

traced = torch.jit.trace(models.CNN().eval(), x)
traced.save(os.path.join(D, 'cnn_traced.pt'))
out['traced'] = traced(x2); out['traced_repr'] = repr(traced)

seq = torch.jit.script(models.Seq())
seq.save(os.path.join(D, 'seq.pt'))
xs = torch.randn(2, 4, 3); h0 = torch.randn(2, 2, 5); c0 = torch.randn(2, 2, 5)
out['xs'] = xs; out['h0'] = h0; out['c0'] = c0
out['seq'] = seq(xs); out['seq_state'] = seq(xs, (h0, c0))
lstm = torch.jit.trace(torch.nn.LSTM(3, 5), (xs,))
lstm.save(os.path.join(D, 'lstm_traced.pt'))
out['lstm'] = lstm(xs)

meth = torch.jit.script(models.Methods())
meth.save(os.path.join(D, 'methods.pt'))
v = torch.randn(3); out['v'] = v
out['meth'] = [meth(v), meth.scaled(v), meth.scaled(v, 3.0), meth.scaled(v, s=0.5)]
out['meth_training'] = [meth.is_training(), meth.eval().is_training()]
out['meth_bump'] = [meth.bump().item(), meth.bump().item()]
out['meth_attrs'] = [meth.k, meth.label]
out['meth_schema'] = str(meth.scaled.schema)

cont = torch.jit.script(models.Containers())
cont.save(os.path.join(D, 'containers.pt'))
a = torch.randn(2); b = torch.randn(3); t0 = torch.randn(1)
out['ab'] = [a, b, t0]
r = cont({'a': a, 'b': b}, (t0, 2), [a, b], {1: 'one', 2: 'two'})
out['cont'] = [r[0], r[1], {str(k): s for k, s in r[2].items()}, list(r[3])]
out['cont_keys'] = [list(r[0].keys()), list(r[2].keys())]

torch.jit.script(models.Args()).save(os.path.join(D, 'args.pt'))
args = torch.jit.load(os.path.join(D, 'args.pt'))
xa = torch.randn(3); out['xa'] = xa
out['args'] = [args(xa, 2, 1.0, True, 'a'), args(xa, 3, 0.5, False, 's', 7), args(xa, n=2, f=1.5, b=False, s='kw')]
out['args_errors'] = [
  msg(lambda: args(xa, 2.5, 1.0, True, 'a')),
  msg(lambda: args('x', 2, 1.0, True, 'a')),
  msg(lambda: args(xa, 2, 1.0, True, 3)),
  msg(lambda: args(xa)),
  msg(lambda: args(xa, 1, 2.0, True, 's', 3, 4)),
  msg(lambda: args(xa, 2, 1.0, True, 'a', 3, o=4)),
  msg(lambda: args(xa, 2, 1.0, True, s='a', nope=1)),
]
torch.jit.script(models.Fail()).save(os.path.join(D, 'fail.pt'))
fail = torch.jit.load(os.path.join(D, 'fail.pt'))
out['fail'] = msg(lambda: fail(torch.ones(2, 2)))

torch.save({'a': torch.ones(2)}, os.path.join(D, 'checkpoint.pt'))
open(os.path.join(D, 'random.pt'), 'wb').write(bytes(range(256)) * 10)
data = open(os.path.join(D, 'cnn.pt'), 'rb').read()
open(os.path.join(D, 'truncated.pt'), 'wb').write(data[:len(data) // 2])
open(os.path.join(D, 'empty.pt'), 'wb').write(b'')
# archives with valid checksums whose pickles or code are damaged
import zipfile, random
random.seed(0)
src = zipfile.ZipFile(os.path.join(D, 'cnn.pt'))
names = src.namelist()
targets = [n for n in names if n.endswith('.pkl') or n.endswith('.py')]
for i in range(40):
    with zipfile.ZipFile(os.path.join(D, f'damaged{i}.pt'), 'w', zipfile.ZIP_STORED) as z:
        t = targets[i % len(targets)]
        for n in names:
            d = bytearray(src.read(n))
            if n == t and d:
                for _ in range(random.randint(1, 4)):
                    d[random.randrange(len(d))] = random.randrange(256)
            z.writestr(n, bytes(d))
out['bad'] = {f: err(lambda: torch.jit.load(os.path.join(D, f))) for f in ['checkpoint.pt', 'random.pt', 'truncated.pt', 'empty.pt', 'missing.pt']}
out['bad_dir'] = err(lambda: torch.jit.load(D))
out['bad_map'] = [err(lambda: torch.jit.load(os.path.join(D, 'cnn.pt'), map_location=3)),
                  err(lambda: torch.jit.load(os.path.join(D, 'cnn.pt'), map_location='cuda')) if not torch.cuda.is_available() else None]
`);
});

describe("torch.jit.load: a scripted CNN", () => {
  it("prints, shows its code and members as Python's does", () => {
    const m = torch.jit.load(file("cnn.pt"));
    expect(String(m)).toBe(R.cnn_repr);
    expect(m.code).toBe(R.cnn_code);
    expect((m as any).features.code).toBe(R.features_code);
    expect(m.graph).toBe(R.cnn_graph);
    expect(m.named_parameters().map(([k]) => k)).toEqual(R.cnn_params);
    expect(m.named_buffers().map(([k]) => k)).toEqual(R.cnn_buffers);
    expect(m.training).toBe(R.cnn_training);
    expect(m.original_name).toBe("CNN");
    expect((m as any).conv1.original_name).toBe("Conv2d");
  });

  it("runs forward and an exported method as Python does, in eval mode", () => {
    const m = torch.jit.load(file("cnn.pt"));
    m.eval();
    expect(m.training).toBe(false);
    expect((m as any).bn.training).toBe(false);
    const x = tensorOf(R.x);
    expectClose(m(x), R.cnn_eval);
    expectClose(m.forward(x), R.cnn_eval);
    expectClose((m as any).features(x), R.cnn_features);
  });

  it("has Python's state_dict; load_state_dict and to(float64) reach the TorchScript module", () => {
    const m = torch.jit.load(file("cnn.pt")).eval();
    const sd = m.state_dict();
    expect(Object.keys(sd)).toEqual(Object.keys(R.cnn_sd));
    for (const k of Object.keys(sd)) expectClose(sd[k], R.cnn_sd[k]);
    m.load_state_dict({ ...sd, "fc.bias": torch.full([5], 1.5) });
    const x = tensorOf(R.x);
    expectClose(m(x), R.cnn_loaded_sd);
    m.to(torch.float64);
    for (const t of [...m.parameters(), ...m.buffers()]) if (t.is_floating_point()) expect(t.dtype).toBe(torch.float64);
    const y = m(x.double());
    expect(y.dtype).toBe(torch.float64);
    expectClose(y, R.cnn64, 1e-12);
  });

  it("shares its tensors with the TorchScript module: no copies", () => {
    const m = torch.jit.load(file("cnn.pt")).eval();
    const x = tensorOf(R.x);
    // fc.bias of 1.5 is what load_state_dict gave Python
    torch.no_grad(() => (m as any).fc.bias.fill_(1.5));
    expectClose(m(x), R.cnn_loaded_sd);
  });

  it("backward reaches the parameters with Python's gradients", () => {
    const m = torch.jit.load(file("cnn.pt")).eval();
    m(tensorOf(R.x)).pow(2).sum().backward();
    const grads = m.named_parameters();
    expect(grads.map(([k]) => k)).toEqual(Object.keys(R.grads));
    for (const [k, p] of grads) expectClose(p.grad, R.grads[k], 1e-5, 1e-5);
  });

  it("loads from a Buffer, with map_location, and reads extra files", () => {
    const extra: Record<string, any> = { "meta.txt": "" };
    const m = torch.jit.load(fs.readFileSync(file("cnn.pt")), "cpu", { _extra_files: extra }).eval();
    expect(Buffer.from(extra["meta.txt"]).toString()).toBe("hello");
    expectClose(m(tensorOf(R.x)), R.cnn_eval);
    const m2 = torch.jit.load(file("cnn.pt"), { map_location: torch.device("cpu") }).eval();
    expectClose(m2(tensorOf(R.x)), R.cnn_eval);
  });

  it("a traced CNN", () => {
    const m = torch.jit.load(file("cnn_traced.pt"));
    expect(String(m)).toBe(R.traced_repr);
    expectClose(m(tensorOf(R.x2)), R.traced);
  });
});

describe("torch.jit.load: recurrent models and tuples", () => {
  it("a scripted LSTM returns (out, (h, c)) as nested arrays; an optional tuple argument", () => {
    const m = torch.jit.load(file("seq.pt"));
    const xs = tensorOf(R.xs);
    const [y, [h, c]] = m(xs);
    expectClose(y, R.seq[0]);
    expectClose(h, R.seq[1][0]);
    expectClose(c, R.seq[1][1]);
    const r = m(xs, [tensorOf(R.h0), tensorOf(R.c0)]);
    expectClose(r[0], R.seq_state[0]);
    expectClose(r[1][0], R.seq_state[1][0]);
    expectClose(r[1][1], R.seq_state[1][1]);
    expectClose(m(xs, null)[0], R.seq[0]);
  });

  it("a traced nn.LSTM", () => {
    const m = torch.jit.load(file("lstm_traced.pt"));
    const [y, [h, c]] = m(tensorOf(R.xs));
    expectClose(y, R.lstm[0]);
    expectClose(h, R.lstm[1][0]);
    expectClose(c, R.lstm[1][1]);
  });
});

describe("torch.jit.load: several methods, attributes, buffers", () => {
  it("calls exported methods by name, with defaults and keyword arguments", () => {
    const m = torch.jit.load(file("methods.pt"));
    const v = tensorOf(R.v);
    const got = [m(v), (m as any).scaled(v), (m as any).scaled(v, 3), (m as any).scaled(v, { s: 0.5 })];
    got.forEach((g, i) => expectClose(g, R.meth[i]));
    expect((m as any).scaled.schema).toBe(R.meth_schema);
  });

  it("train/eval set the module's training attribute, which its code reads", () => {
    const m = torch.jit.load(file("methods.pt"));
    expect([(m as any).is_training(), (m.eval() as any).is_training()]).toEqual(R.meth_training);
    m.train();
    expect((m as any).is_training()).toBe(true);
  });

  it("a method that updates a buffer updates the module's buffer; attributes read through", () => {
    const m = torch.jit.load(file("methods.pt"));
    expect([(m as any).bump().item(), (m as any).bump().item()]).toEqual(R.meth_bump);
    expect((m as any).count.item()).toBe(R.meth_bump[1]);
    expect([(m as any).k, (m as any).label]).toEqual(R.meth_attrs);
  });
});

describe("torch.jit.load: values both ways", () => {
  it("dicts (str keys: objects; int keys: Maps), tuples, lists in and out", () => {
    const m = torch.jit.load(file("containers.pt"));
    const [a, b, t0] = R.ab.map(tensorOf);
    const [d, sums, ids, tup] = m({ a, b }, [t0, 2], [a, b], new Map([[1, "one"], [2, "two"]]));
    expect(Object.keys(d)).toEqual(R.cont_keys[0]);
    for (const k of Object.keys(d)) expectClose(d[k], R.cont[0][k]);
    sums.forEach((s: Tensor, i: number) => expectClose(s, R.cont[1][i]));
    expect(ids).toBeInstanceOf(Map);
    expect([...ids.keys()]).toEqual(R.cont_keys[1]);
    expect(Object.fromEntries([...ids].map(([k, s]) => [String(k), s]))).toEqual(R.cont[2]);
    expect(tup).toEqual(R.cont[3]);
    // an object's decimal keys for Dict[int, str]
    const again = m({ a, b }, [t0, 2], [a, b], { 1: "one", 2: "two" });
    expect([...again[2].keys()]).toEqual(R.cont_keys[1]);
  });

  it("int, float, bool, str and Optional arguments by the declared types", () => {
    const m = torch.jit.load(file("args.pt"));
    const xa = tensorOf(R.xa);
    const got = [m(xa, 2, 1, true, "a"), m(xa, 3, 0.5, false, "s", 7), m(xa, { n: 2, f: 1.5, b: false, s: "kw" })];
    got.forEach((g: any[], i: number) => {
      expectClose(g[0], R.args[i][0]);
      expect(g.slice(1)).toEqual(R.args[i].slice(1));
    });
  });

  it("wrong arguments raise TorchScript's messages", () => {
    const m = torch.jit.load(file("args.pt"));
    const xa = tensorOf(R.xa);
    const calls = [
      () => m(xa, 2.5, 1, true, "a"),
      () => m("x", 2, 1, true, "a"),
      () => m(xa, 2, 1, true, 3),
      () => m(xa),
      () => m(xa, 1, 2.5, true, "s", 3, 4),
      () => m(xa, 2, 1, true, "a", 3, { o: 4 }),
      () => m(xa, 2, 1, true, { s: "a", nope: 1 }),
    ];
    calls.forEach((f, i) => expect(f).toThrow(R.args_errors[i][1]));
  });

  it("an error inside the interpreter is TorchScript's, with its traceback", () => {
    const m = torch.jit.load(file("fail.pt"));
    expect(() => m(torch.ones(2, 2))).toThrow(R.fail[1]);
  });
});

describe("torch.jit.load: files that are not TorchScript", () => {
  it("a checkpoint, random bytes, a truncated or empty file, a missing file or a folder", () => {
    for (const [f, e] of Object.entries(R.bad) as [string, [string, string]][]) {
      let caught: any = null;
      try { torch.jit.load(file(f)); } catch (err) { caught = err; }
      expect(caught, f).not.toBeNull();
      expect(caught.message, f).toBe(e[1]);
      if (e[0] === "ValueError") expect(caught.name).toBe("ValueError");
    }
    expect(() => torch.jit.load(D)).toThrow(R.bad_dir[1]);
    // from memory too
    expect(() => torch.jit.load(fs.readFileSync(file("random.pt")))).toThrow(R.bad["random.pt"][1]);
    expect(() => torch.jit.load(Buffer.alloc(0))).toThrow();
  });

  it("archives whose pickles or TorchScript code are damaged raise errors, never abort", () => {
    let failed = 0;
    for (let i = 0; i < 40; i++) {
      try {
        const m = torch.jit.load(file(`damaged${i}.pt`)).eval();
        m(tensorOf(R.x));
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(20);
  });

  it("map_location is checked as Python checks it", () => {
    expect(() => torch.jit.load(file("cnn.pt"), 3 as any)).toThrow(R.bad_map[0][1]);
    if (R.bad_map[1]) expect(() => torch.jit.load(file("cnn.pt"), "cuda")).toThrow(R.bad_map[1][1]);
  });
});

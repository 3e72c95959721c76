// nn.MultiheadAttention, the Transformer layers and stacks, and F.multi_head_attention_forward
// against Python's torch of the linked version: seeded init, forward (train with dropout 0, eval,
// the fused fast paths), gradients, masks, reprs, state_dict keys, warnings and errors.
import { describe, it, expect, beforeAll, vi } from "vitest";
import { inspect } from "node:util";
import torch, { nn, type Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { V } from "../../lib/version";
import { py, PY_ERR } from "../helpers/python";
import { expectClose } from "./helpers";

const PY = PY_ERR + `
import warnings
import torch.nn as nn, torch.nn.functional as F
V2 = tuple(int(x) for x in torch.__version__.split('.')[:2]) >= (2, 0)
out = {}
def grads(m): return {n: p.grad for n, p in m.named_parameters() if p.grad is not None}
def params(m): return {n: p for n, p in m.named_parameters()}
def wlist(ws): return [str(w.message) for w in ws]
B = torch.bool

# MultiheadAttention: packed projection, cross-attention with both masks
torch.manual_seed(0)
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter('always')
    mha = nn.MultiheadAttention(8, 2)
    q = torch.randn(5, 3, 8, requires_grad=True); k = torch.randn(6, 3, 8); v = torch.randn(6, 3, 8)
    am = torch.randn(5, 6)
    kpm = torch.tensor([[False] * 6, [False] * 4 + [True] * 2, [False] * 5 + [True]])
    o, w = mha(q, k, v, key_padding_mask=kpm, attn_mask=am)
    (o.sum() + w.pow(2).sum()).backward()
out['mha'] = {'params': params(mha), 'o': o, 'w': w, 'qg': q.grad, 'grads': grads(mha), 'repr': repr(mha),
              'keys': list(mha.state_dict()), 'warn': wlist(ws)}
causal = torch.triu(torch.ones(5, 5, dtype=B), 1)
o2, w2 = mha(q, q, q, need_weights=False, attn_mask=causal)
o3, w3 = mha(q, q, q, average_attn_weights=False)
o4, w4 = mha(q[:, 0], k[:, 0], v[:, 0], key_padding_mask=kpm[1])
o5, w5 = mha(q, k, k)
out['mha_more'] = {'o2': o2, 'w2': w2, 'o3': o3, 'w3': w3, 'o4': o4, 'w4': w4, 'o5': o5, 'w5': w5}

# kdim/vdim, bias_kv, zero_attn, batch_first
torch.manual_seed(1)
mk = nn.MultiheadAttention(6, 3, kdim=4, vdim=5, add_bias_kv=True, add_zero_attn=True, batch_first=True)
q = torch.randn(2, 3, 6); k = torch.randn(2, 4, 4, requires_grad=True); v = torch.randn(2, 4, 5)
o, w = mk(q, k, v, key_padding_mask=torch.tensor([[False, False, False, True], [False] * 4]))
o.sum().backward()
out['mk'] = {'params': params(mk), 'o': o, 'w': w, 'kg': k.grad, 'grads': grads(mk), 'keys': list(mk.state_dict()), 'repr': repr(mk)}

# no bias, dropout in training (the same draws)
torch.manual_seed(2)
mb = nn.MultiheadAttention(4, 2, bias=False, dropout=0.5)
x = torch.randn(3, 2, 4)
torch.manual_seed(20)
ob, wb = mb(x, x, x)
ob2, _ = mb(x, x, x, need_weights=False)
out['mb'] = {'params': params(mb), 'o': ob, 'w': wb, 'o2': ob2, 'keys': list(mb.state_dict())}

# eval without grad: the fused _native_multi_head_attention
torch.manual_seed(3)
mf = nn.MultiheadAttention(8, 2, batch_first=True).eval()
x = torch.randn(2, 5, 8)
kpm2 = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])
with torch.no_grad():
    out['fast'] = {'f1': mf(x, x, x), 'f2': mf(x, x, x, need_weights=False, key_padding_mask=kpm2),
                   'f3': mf(x, x, x, key_padding_mask=kpm2, average_attn_weights=False), 'f4': mf(x, x, x, attn_mask=causal)}

# F.multi_head_attention_forward with separate weights and static k/v
torch.manual_seed(4)
E, H, L, N = 4, 2, 3, 2
qw, kw, vw, ow = (torch.randn(E, E) for _ in range(4)); ib = torch.randn(3 * E); ob_ = torch.randn(E)
x = torch.randn(L, N, E); sk = torch.randn(N * H, 5, E // H); sv = torch.randn(N * H, 5, E // H)
out['fmha'] = F.multi_head_attention_forward(x, x, x, E, H, None, ib, None, None, False, 0.0, ow, ob_, training=False,
    use_separate_proj_weight=True, q_proj_weight=qw, k_proj_weight=kw, v_proj_weight=vw, static_k=sk, static_v=sv)

# TransformerEncoderLayer: post-norm with a padding mask, pre-norm gelu batch_first with a mask
torch.manual_seed(5)
el = nn.TransformerEncoderLayer(8, 2, 16, 0.0)
x = torch.randn(5, 3, 8, requires_grad=True)
kpm5 = torch.tensor([[False] * 5, [False] * 3 + [True] * 2, [False] * 4 + [True]])
y = el(x, src_key_padding_mask=kpm5); y.pow(2).sum().backward()
out['el'] = {'params': params(el), 'y': y, 'xg': x.grad, 'grads': grads(el), 'repr': repr(el), 'keys': list(el.state_dict())}
torch.manual_seed(6)
el2 = nn.TransformerEncoderLayer(8, 2, 16, 0.0, activation='gelu', batch_first=True, norm_first=True)
x2 = torch.randn(3, 5, 8)
m5 = nn.Transformer.generate_square_subsequent_mask(5)
y2 = el2(x2, src_mask=m5)
el2.eval()
y2e = el2(x2, src_mask=m5)
out['el2'] = {'params': params(el2), 'y': y2, 'ye': y2e}
torch.manual_seed(7)
el3 = nn.TransformerEncoderLayer(8, 2, 16, activation=nn.GELU(), batch_first=True).eval()
x3 = torch.randn(3, 5, 8)
with torch.no_grad():
    out['el3'] = {'repr': repr(el3), 'f1': el3(x3), 'f2': el3(x3, src_key_padding_mask=kpm5), 'f3': el3(x3, src_mask=causal)}

# TransformerEncoder: clones, training, the causal mask, eval with and without the nested-tensor path
torch.manual_seed(8)
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter('always')
    layer = nn.TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True)
    enc = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8))
    nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, norm_first=True), 1)
    nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 1, 16, batch_first=True), 1)
    nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 1, enable_nested_tensor=False)
out['enc_warn'] = wlist(ws)
x = torch.randn(3, 5, 8, requires_grad=True)
kpm = torch.tensor([[False] * 4 + [True], [False] * 3 + [True] * 2, [False] * 4 + [True]])
y = enc(x, src_key_padding_mask=kpm); y.sum().backward()
yc = enc(x, mask=m5)
ycb = enc(x, mask=causal)
enc.eval()
with torch.no_grad():
    yn = enc(x, src_key_padding_mask=kpm)
    yf = enc(x)
    yr = enc(x, src_key_padding_mask=torch.tensor([[False] * 5, [True] + [False] * 4, [False] * 5]))
ye = enc(x, src_key_padding_mask=kpm)
out['enc'] = {'params': params(enc), 'y': y, 'xg': x.grad, 'grads': grads(enc), 'yc': yc, 'ycb': ycb, 'yn': yn, 'yf': yf,
              'yr': yr, 'ye': ye, 'repr': repr(enc), 'keys': list(enc.state_dict()), 'layer': params(layer)}

# TransformerDecoderLayer and TransformerDecoder (pre-norm)
torch.manual_seed(9)
dl = nn.TransformerDecoderLayer(8, 2, 16, 0.0, norm_first=True)
dec = nn.TransformerDecoder(dl, 2)
tgt = torch.randn(4, 3, 8, requires_grad=True); mem = torch.randn(5, 3, 8, requires_grad=True)
m4 = nn.Transformer.generate_square_subsequent_mask(4)
y = dec(tgt, mem, tgt_mask=m4, memory_key_padding_mask=kpm5, tgt_key_padding_mask=kpm5[:, :4])
y.sum().backward()
yl = dl(tgt, mem, memory_mask=torch.randn(4, 5))
out['dec'] = {'params': params(dec), 'y': y, 'tg': tgt.grad, 'mg': mem.grad, 'grads': grads(dec), 'yl': yl, 'repr': repr(dec),
              'keys': list(dec.state_dict())}

# Transformer: seeded init, forward with masks, gradients, eval
torch.manual_seed(10)
tr = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=16, dropout=0.0)
init = {k: v.clone() for k, v in tr.state_dict().items()}
src = torch.randn(6, 2, 8); tgt = torch.randn(5, 2, 8)
skpm = torch.tensor([[False] * 6, [False] * 4 + [True] * 2])
y = tr(src, tgt, tgt_mask=tr.generate_square_subsequent_mask(5), src_key_padding_mask=skpm, memory_key_padding_mask=skpm)
y.pow(2).mean().backward()
tr.eval()
with torch.no_grad():
    ye = tr(src, tgt, tgt_mask=tr.generate_square_subsequent_mask(5))
out['tr'] = {'init': init, 'y': y, 'grads': grads(tr), 'ye': ye, 'repr': repr(tr), 'keys': list(tr.state_dict())}
torch.manual_seed(11)
tb = nn.Transformer(8, 2, 1, 1, 16, 0.0, 'gelu', batch_first=True, norm_first=True, layer_norm_eps=1e-6)
src = torch.randn(2, 6, 8); tgt = torch.randn(2, 5, 8)
out['tb'] = {'params': params(tb), 'y': tb(src, tgt), 'repr': repr(tb)}
out['masks'] = {'m': nn.Transformer.generate_square_subsequent_mask(3)}
torch.manual_seed(13)
ce = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.0, dtype=torch.float64), 1)
td = nn.Transformer(8, 2, 1, 1, 16, 0.0, custom_encoder=ce, dtype=torch.float64)
out['td'] = {'params': params(td), 'y': td(torch.randn(3, 2, 8, dtype=torch.float64), torch.randn(2, 2, 8, dtype=torch.float64)),
             'repr': repr(td), 'same': td.encoder is ce}
if V2 and hasattr(torch.nn.LayerNorm(1), 'bias') and 'bias' in nn.TransformerEncoderLayer.__init__.__code__.co_varnames:
    torch.manual_seed(12)
    tn = nn.Transformer(8, 2, 1, 1, 16, 0.0, bias=False)
    src = torch.randn(3, 2, 8); tgt = torch.randn(4, 2, 8)
    m4 = nn.Transformer.generate_square_subsequent_mask(4)
    out['tn'] = {'keys': list(tn.state_dict()), 'repr': repr(tn), 'y': tn(src, tgt),
                 'yc': tn(src, tgt, tgt_mask=m4, tgt_is_causal=True), 'yc2': tn(src, tgt, tgt_mask=m4, src_is_causal=False),
                 'mask': nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64)}

# errors
q8 = torch.randn(2, 3, 8)
out['err'] = {
    'act': err(lambda: nn.TransformerEncoderLayer(8, 2, activation='tanh')),
    'div': err(lambda: nn.MultiheadAttention(6, 4)),
    'neg': err(lambda: nn.MultiheadAttention(-1, 2)),
    'batch': err(lambda: tr(torch.randn(6, 2, 8), torch.randn(5, 3, 8))),
    'feat': err(lambda: tr(torch.randn(6, 2, 8), torch.randn(5, 2, 4))),
    'kpm': err(lambda: mha(q8, q8, q8, key_padding_mask=torch.zeros(2, 3, dtype=torch.long))),
    'am2': err(lambda: nn.MultiheadAttention(6, 3)(q, q, q, attn_mask=torch.zeros(3, 3))),
    'dim': err(lambda: nn.MultiheadAttention(6, 3)(torch.randn(2, 2, 2, 6), q, q)),
    'causal': err(lambda: nn.MultiheadAttention(6, 3)(q, q, q, is_causal=True)) if V2 else None,
}
`;

let ref: any;
beforeAll(() => { ref = py(PY); });

type Named = [string, Tensor][] | Record<string, Tensor>;
/** Same names, in the same order, and close values. */
function expectNamed(actual: Named, expected: Record<string, any>, atol = 1e-6) {
  const a = Array.isArray(actual) ? Object.fromEntries(actual) : actual;
  expect(Object.keys(a)).toEqual(Object.keys(expected));
  for (const k of Object.keys(expected)) expectClose(a[k], expected[k], atol, atol);
}
const grads = (m: nn.Module) => Object.fromEntries(m.named_parameters().filter(([, p]) => p.grad !== null).map(([n, p]) => [n, p.grad!]));
const bool = (rows: boolean[][]) => torch.tensor(rows);
const pad = (valid: number, n: number) => [...Array(valid).fill(false), ...Array(n - valid).fill(true)];
/** Python's err(f): null or [exception type, message]. */
function err(f: () => unknown): [string, string] | null {
  try { f(); return null; } catch (e) { return [(e as Error).name, (e as Error).message]; }
}
/** Collects the messages warn() emits while f runs (Python's warnings.catch_warnings(record=True)). */
function warnings(f: () => void): string[] {
  const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
  try { f(); return spy.mock.calls.map((c) => String(c[0])); } finally { spy.mockRestore(); }
}

describe("nn.MultiheadAttention", () => {
  it("packed projection: seeded init, cross-attention with both masks, weights, gradients, repr, keys", () => {
    torch.manual_seed(0);
    let o!: Tensor, w!: Tensor;
    const mha = new nn.MultiheadAttention(8, 2);
    const q = torch.randn([5, 3, 8], { requires_grad: true }), k = torch.randn(6, 3, 8), v = torch.randn(6, 3, 8);
    const am = torch.randn(5, 6);
    const kpm = bool([pad(6, 6), pad(4, 6), pad(5, 6)]);
    const ws = warnings(() => {
      [o, w] = mha(q, k, v, { key_padding_mask: kpm, attn_mask: am });
      o.sum().add(w.pow(2).sum()).backward();
    });
    expectNamed(mha.named_parameters(), ref.mha.params);
    expectClose(o, ref.mha.o);
    expectClose(w, ref.mha.w);
    expectClose(q.grad!, ref.mha.qg, 1e-5);
    expectNamed(grads(mha), ref.mha.grads, 1e-5);
    expect(inspect(mha)).toBe(ref.mha.repr);
    expect(Object.keys(mha.state_dict())).toEqual(ref.mha.keys);
    expect(ws).toEqual(ref.mha.warn);
    expect((nn.MultiheadAttention as any).__module__).toBe("torch.nn.modules.activation");

    const causal = torch.ones([5, 5], { dtype: torch.bool }).triu(1);
    const r = ref.mha_more;
    const [o2, w2] = mha(q, q, q, { need_weights: false, attn_mask: causal });
    expectClose(o2, r.o2);
    expect(w2).toBe(null);
    expect(r.w2).toBe(null);
    const [o3, w3] = mha(q, q, q, { average_attn_weights: false });
    expectClose(o3, r.o3);
    expectClose(w3!, r.w3);
    const [o4, w4] = mha(q.index(":", 0), k.index(":", 0), v.index(":", 0), kpm.index(1));
    expectClose(o4, r.o4);
    expectClose(w4!, r.w4);
    const [o5, w5] = mha(q, k, k);
    expectClose(o5, r.o5);
    expectClose(w5!, r.w5);
  });

  it("kdim/vdim, add_bias_kv, add_zero_attn, batch_first; no bias; dropout draws", () => {
    torch.manual_seed(1);
    const mk = new nn.MultiheadAttention(6, 3, { kdim: 4, vdim: 5, add_bias_kv: true, add_zero_attn: true, batch_first: true });
    const q = torch.randn(2, 3, 6), k = torch.randn([2, 4, 4], { requires_grad: true }), v = torch.randn(2, 4, 5);
    const [o, w] = mk(q, k, v, { key_padding_mask: bool([pad(3, 4), pad(4, 4)]) });
    o.sum().backward();
    expectNamed(mk.named_parameters(), ref.mk.params);
    expectClose(o, ref.mk.o);
    expectClose(w!, ref.mk.w);
    expectClose(k.grad!, ref.mk.kg, 1e-5);
    expectNamed(grads(mk), ref.mk.grads, 1e-5);
    expect(Object.keys(mk.state_dict())).toEqual(ref.mk.keys);
    expect(inspect(mk)).toBe(ref.mk.repr);

    torch.manual_seed(2);
    const mb = new nn.MultiheadAttention(4, 2, { bias: false, dropout: 0.5 });
    const x = torch.randn(3, 2, 4);
    torch.manual_seed(20);
    const [ob, wb] = mb(x, x, x);
    const [ob2] = mb(x, x, x, { need_weights: false });
    expectNamed(mb.named_parameters(), ref.mb.params);
    expectClose(ob, ref.mb.o);
    expectClose(wb!, ref.mb.w);
    expectClose(ob2, ref.mb.o2);
    expect(Object.keys(mb.state_dict())).toEqual(ref.mb.keys);
  });

  it("eval without grad takes the fused kernel where Python does", () => {
    torch.manual_seed(3);
    const mf = new nn.MultiheadAttention(8, 2, { batch_first: true }).eval();
    const x = torch.randn(2, 5, 8);
    const kpm2 = bool([pad(5, 5), pad(3, 5)]);
    const causal = torch.ones([5, 5], { dtype: torch.bool }).triu(1);
    torch.no_grad(() => {
      const got = [mf(x, x, x), mf(x, x, x, { need_weights: false, key_padding_mask: kpm2 }),
        mf(x, x, x, { key_padding_mask: kpm2, average_attn_weights: false }), mf(x, x, x, { attn_mask: causal })];
      got.forEach(([o, w], i) => {
        const [eo, ew] = ref.fast[`f${i + 1}`];
        expectClose(o, eo, 1e-5, 1e-5);
        if (ew === null) expect(w).toBe(null);
        else expectClose(w, ew, 1e-5, 1e-5);
      });
    });
  });

  it("F.multi_head_attention_forward: separate projection weights, static key and value", () => {
    torch.manual_seed(4);
    const [E, H, L, N] = [4, 2, 3, 2];
    const [qw, kw, vw, ow] = [0, 1, 2, 3].map(() => torch.randn(E, E));
    const ib = torch.randn(3 * E), ob = torch.randn(E);
    const x = torch.randn(L, N, E), sk = torch.randn(N * H, 5, E / H), sv = torch.randn(N * H, 5, E / H);
    const [o, w] = F.multi_head_attention_forward(x, x, x, E, H, null, ib, null, null, false, 0.0, ow, ob, {
      training: false, use_separate_proj_weight: true, q_proj_weight: qw, k_proj_weight: kw, v_proj_weight: vw, static_k: sk, static_v: sv,
    });
    expectClose(o, ref.fmha[0]);
    expectClose(w!, ref.fmha[1]);
  });
});

describe("nn.TransformerEncoderLayer, nn.TransformerEncoder", () => {
  const kpm5 = () => bool([pad(5, 5), pad(3, 5), pad(4, 5)]);
  it("post-norm with a padding mask; pre-norm gelu batch_first with a causal mask, train and eval", () => {
    torch.manual_seed(5);
    const el = new nn.TransformerEncoderLayer(8, 2, 16, 0.0);
    const x = torch.randn([5, 3, 8], { requires_grad: true });
    const y = el(x, { src_key_padding_mask: kpm5() });
    y.pow(2).sum().backward();
    expectNamed(el.named_parameters(), ref.el.params);
    expectClose(y, ref.el.y, 1e-5);
    expectClose(x.grad!, ref.el.xg, 1e-5);
    expectNamed(grads(el), ref.el.grads, 1e-5);
    expect(inspect(el)).toBe(ref.el.repr);
    expect(Object.keys(el.state_dict())).toEqual(ref.el.keys);

    torch.manual_seed(6);
    const el2 = new nn.TransformerEncoderLayer(8, 2, 16, 0.0, "gelu", { batch_first: true, norm_first: true });
    const x2 = torch.randn(3, 5, 8);
    const m5 = nn.Transformer.generate_square_subsequent_mask(5);
    expectNamed(el2.named_parameters(), ref.el2.params);
    expectClose(el2(x2, m5), ref.el2.y, 1e-5);
    el2.eval();
    expectClose(el2(x2, { src_mask: m5 }), ref.el2.ye, 1e-5);
  });

  it("an activation module; eval without grad through _transformer_encoder_layer_fwd", () => {
    torch.manual_seed(7);
    const el3 = new nn.TransformerEncoderLayer(8, 2, 16, { activation: new nn.GELU(), batch_first: true }).eval();
    const x3 = torch.randn(3, 5, 8);
    expect(inspect(el3)).toBe(ref.el3.repr);
    const causal = torch.ones([5, 5], { dtype: torch.bool }).triu(1);
    torch.no_grad(() => {
      expectClose(el3(x3), ref.el3.f1, 1e-5, 1e-5);
      expectClose(el3(x3, { src_key_padding_mask: kpm5() }), ref.el3.f2, 1e-5, 1e-5);
      expectClose(el3(x3, { src_mask: causal }), ref.el3.f3, 1e-5, 1e-5);
    });
  });

  it("TransformerEncoder: layers deep-copied, warnings, training, causal masks, eval with the nested-tensor path", () => {
    torch.manual_seed(8);
    let layer!: nn.TransformerEncoderLayer, enc!: nn.TransformerEncoder;
    const ws = warnings(() => {
      layer = new nn.TransformerEncoderLayer(8, 2, 16, 0.0, { batch_first: true });
      enc = new nn.TransformerEncoder(layer, 2, new nn.LayerNorm(8));
      new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, { norm_first: true }), 1);
      new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 1, 16, { batch_first: true }), 1);
      new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16), 1, { enable_nested_tensor: false });
    });
    expect(ws).toEqual(ref.enc_warn);
    expectNamed(layer.named_parameters(), ref.enc.layer);
    expectNamed(enc.named_parameters(), ref.enc.params);
    // copies, not the same tensors
    expect(enc.layers.at(0)).not.toBe(layer);
    expect((enc.layers.at(0) as nn.TransformerEncoderLayer).linear1.weight).not.toBe((enc.layers.at(1) as nn.TransformerEncoderLayer).linear1.weight);
    expect(inspect(enc)).toBe(ref.enc.repr);
    expect(Object.keys(enc.state_dict())).toEqual(ref.enc.keys);

    const x = torch.randn([3, 5, 8], { requires_grad: true });
    const kpm = bool([pad(4, 5), pad(3, 5), pad(4, 5)]);
    const y = enc(x, { src_key_padding_mask: kpm });
    y.sum().backward();
    expectClose(y, ref.enc.y, 1e-5);
    expectClose(x.grad!, ref.enc.xg, 1e-5);
    expectNamed(grads(enc), ref.enc.grads, 1e-5);
    const m5 = nn.Transformer.generate_square_subsequent_mask(5);
    expectClose(enc(x, m5), ref.enc.yc, 1e-5);
    expectClose(enc(x, { mask: torch.ones([5, 5], { dtype: torch.bool }).triu(1) }), ref.enc.ycb, 1e-5);
    enc.eval();
    torch.no_grad(() => {
      const yn = enc(x, { src_key_padding_mask: kpm });
      expect(yn.shape).toEqual(ref.enc.yn.shape);
      expectClose(yn, ref.enc.yn, 1e-5, 1e-5);
      expectClose(enc(x), ref.enc.yf, 1e-5, 1e-5);
      // not left-aligned: the layers take the mask
      expectClose(enc(x, { src_key_padding_mask: bool([pad(5, 5), [true, false, false, false, false], pad(5, 5)]) }), ref.enc.yr, 1e-5, 1e-5);
    });
    expectClose(enc(x, { src_key_padding_mask: kpm }), ref.enc.ye, 1e-5);
  });
});

describe("nn.TransformerDecoderLayer, nn.TransformerDecoder", () => {
  it("pre-norm stack with causal and padding masks: init, forward, gradients, repr, keys", () => {
    torch.manual_seed(9);
    const dl = new nn.TransformerDecoderLayer(8, 2, 16, 0.0, { norm_first: true });
    const dec = new nn.TransformerDecoder(dl, 2);
    const tgt = torch.randn([4, 3, 8], { requires_grad: true }), mem = torch.randn([5, 3, 8], { requires_grad: true });
    const m4 = nn.Transformer.generate_square_subsequent_mask(4);
    const kpm5 = bool([pad(5, 5), pad(3, 5), pad(4, 5)]);
    const y = dec(tgt, mem, { tgt_mask: m4, memory_key_padding_mask: kpm5, tgt_key_padding_mask: kpm5.index(":", ":4") });
    y.sum().backward();
    expectNamed(dec.named_parameters(), ref.dec.params);
    expectClose(y, ref.dec.y, 1e-5);
    expectClose(tgt.grad!, ref.dec.tg, 1e-5);
    expectClose(mem.grad!, ref.dec.mg, 1e-5);
    expectNamed(grads(dec), ref.dec.grads, 1e-5);
    expectClose(dl(tgt, mem, { memory_mask: torch.randn(4, 5) }), ref.dec.yl, 1e-5);
    expect(inspect(dec)).toBe(ref.dec.repr);
    expect(Object.keys(dec.state_dict())).toEqual(ref.dec.keys);
  });
});

describe("nn.Transformer", () => {
  it("seeded init (xavier_uniform_ in Python's order), masks, forward, gradients, eval, repr, keys", () => {
    torch.manual_seed(10);
    const tr = new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 2, num_decoder_layers: 2, dim_feedforward: 16, dropout: 0.0 });
    expectNamed(tr.state_dict(), ref.tr.init);
    const src = torch.randn(6, 2, 8), tgt = torch.randn(5, 2, 8);
    const skpm = bool([pad(6, 6), pad(4, 6)]);
    const y = tr(src, tgt, { tgt_mask: tr.generate_square_subsequent_mask(5), src_key_padding_mask: skpm, memory_key_padding_mask: skpm });
    y.pow(2).mean().backward();
    expectClose(y, ref.tr.y, 1e-5);
    expectNamed(grads(tr), ref.tr.grads, 1e-5);
    tr.eval();
    torch.no_grad(() => expectClose(tr(src, tgt, null, tr.generate_square_subsequent_mask(5)), ref.tr.ye, 1e-5));
    expect(inspect(tr)).toBe(ref.tr.repr);
    expect(Object.keys(tr.state_dict())).toEqual(ref.tr.keys);
    expect(nn.Transformer.generate_square_subsequent_mask(3).tolist()).toEqual(ref.masks.m.tensor.map((r: any[]) => r.map((v) => (v === "-inf" ? -Infinity : v))));

    torch.manual_seed(11);
    const tb = new nn.Transformer(8, 2, 1, 1, 16, 0.0, "gelu", { batch_first: true, norm_first: true, layer_norm_eps: 1e-6 });
    const src2 = torch.randn(2, 6, 8), tgt2 = torch.randn(2, 5, 8);
    expectNamed(tb.named_parameters(), ref.tb.params);
    expectClose(tb(src2, tgt2), ref.tb.y, 1e-5);
    expect(inspect(tb)).toBe(ref.tb.repr);

    torch.manual_seed(13);
    const ce = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.0, { dtype: torch.float64 }), 1);
    const td = new nn.Transformer(8, 2, 1, 1, 16, 0.0, { custom_encoder: ce, dtype: torch.float64 });
    expect(td.encoder === ce).toBe(ref.td.same);
    expectNamed(td.named_parameters(), ref.td.params);
    expectClose(td(torch.randn([3, 2, 8], { dtype: torch.float64 }), torch.randn([2, 2, 8], { dtype: torch.float64 })), ref.td.y, 1e-6);
    expect(inspect(td)).toBe(ref.td.repr);
  });

  it("bias=False and generate_square_subsequent_mask's dtype where the linked version has them (2.1)", () => {
    expect(V.transformer_bias).toBe(ref.tn !== undefined);
    if (!V.transformer_bias) return;
    torch.manual_seed(12);
    const tn = new nn.Transformer(8, 2, 1, 1, 16, 0.0, { bias: false });
    expect(Object.keys(tn.state_dict())).toEqual(ref.tn.keys);
    expect(inspect(tn)).toBe(ref.tn.repr);
    const src = torch.randn(3, 2, 8), tgt = torch.randn(4, 2, 8);
    const m4 = nn.Transformer.generate_square_subsequent_mask(4);
    expectClose(tn(src, tgt), ref.tn.y, 1e-5);
    expectClose(tn(src, tgt, { tgt_mask: m4, tgt_is_causal: true }), ref.tn.yc, 1e-5);
    expectClose(tn(src, tgt, { tgt_mask: m4, src_is_causal: false }), ref.tn.yc2, 1e-5);
    const m = nn.Transformer.generate_square_subsequent_mask(3, { dtype: torch.float64 });
    expect(m.dtype).toBe(torch.float64);
    expect(ref.tn.mask.dtype).toBe("float64");
  });

  it("subclasses declare and construct; Python's errors for bad arguments", () => {
    class M extends nn.Transformer {}
    class E extends nn.TransformerEncoderLayer {}
    class A extends nn.MultiheadAttention {}
    expect(String(new M(8, 2, 1, 1, 16)).startsWith("M(\n  (encoder): TransformerEncoder(")).toBe(true);
    expect(new E(8, 2, 16)(torch.randn(2, 1, 8)).shape).toEqual([2, 1, 8]);
    expect(new A(4, 2)(torch.randn(2, 1, 4), torch.randn(2, 1, 4), torch.randn(2, 1, 4))[0].shape).toEqual([2, 1, 4]);

    torch.manual_seed(10);
    const tr = new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 16 });
    const mha = new nn.MultiheadAttention(8, 2);
    const q = torch.randn(2, 3, 6);
    const e = ref.err;
    expect(err(() => new nn.TransformerEncoderLayer(8, 2, { activation: "tanh" }))).toEqual(e.act);
    expect(err(() => new nn.MultiheadAttention(6, 4))).toEqual(e.div);
    expect(err(() => new nn.MultiheadAttention(-1, 2))).toEqual(e.neg);
    expect(err(() => tr(torch.randn(6, 2, 8), torch.randn(5, 3, 8)))).toEqual(e.batch);
    expect(err(() => tr(torch.randn(6, 2, 8), torch.randn(5, 2, 4)))).toEqual(e.feat);
    const q8 = torch.randn(2, 3, 8);
    expect(err(() => mha(q8, q8, q8, { key_padding_mask: torch.zeros([2, 3], { dtype: torch.int64 }) }))).toEqual(e.kpm);
    expect(err(() => new nn.MultiheadAttention(6, 3)(q, q, q, { attn_mask: torch.zeros(3, 3) }))).toEqual(e.am2);
    expect(err(() => new nn.MultiheadAttention(6, 3)(torch.randn(2, 2, 2, 6), q, q))).toEqual(e.dim);
    if (V.attention2) expect(err(() => new nn.MultiheadAttention(6, 3)(q, q, q, { is_causal: true }))).toEqual(e.causal);
  });
});

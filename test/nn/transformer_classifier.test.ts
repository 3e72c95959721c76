// A small TransformerEncoder classifier (Embedding + learned positions + a 2-layer encoder with a
// key padding mask + mean pool + Linear) trained with Adam in Node and in Python's torch of the
// linked version from the same seed, dropout 0: the losses must agree batch for batch, and so must
// the trained model's eval logits (the fused fast path, and the nested-tensor path with a mask).
import { describe, it, expect, beforeAll } from "vitest";
import torch, { nn, optim, type Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py } from "../helpers/python";
import { expectClose } from "./helpers";

const [VOCAB, D, HEADS, FF, CLASSES, SEQ, BATCH, STEPS] = [20, 16, 4, 32, 3, 12, 8, 6];

const PY = `
import torch.nn as nn, torch.nn.functional as F
VOCAB, D, HEADS, FF, CLASSES, SEQ, BATCH, STEPS = ${[VOCAB, D, HEADS, FF, CLASSES, SEQ, BATCH, STEPS].join(", ")}
class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, D)
        self.pos = nn.Parameter(torch.randn(1, SEQ, D) * 0.02)
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(D, HEADS, FF, 0.0, batch_first=True), 2)
        self.fc = nn.Linear(D, CLASSES)
    def forward(self, x, pad):
        h = self.enc(self.emb(x) + self.pos[:, :x.size(1)], src_key_padding_mask=pad)
        return self.fc(h.mean(1))
torch.manual_seed(0)
model = Classifier()
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
X = torch.randint(0, VOCAB, (STEPS, BATCH, SEQ)); Y = torch.randint(0, CLASSES, (STEPS, BATCH))
lengths = torch.randint(SEQ // 2, SEQ + 1, (STEPS, BATCH))
pads = torch.arange(SEQ).view(1, 1, SEQ) >= lengths.unsqueeze(-1)
losses = []
for i in range(STEPS):
    opt.zero_grad()
    loss = F.cross_entropy(model(X[i], pads[i]), Y[i])
    loss.backward()
    opt.step()
    losses.append(loss.item())
model.eval()
with torch.no_grad():
    out = {'losses': losses, 'eval': model(X[0], None), 'eval_pad': model(X[0], pads[0]), 'fc': model.fc.weight}
`;

class Classifier extends nn.Module {
  emb = new nn.Embedding(VOCAB, D);
  pos = new nn.Parameter(torch.randn(1, SEQ, D).mul(0.02));
  enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(D, HEADS, FF, 0.0, { batch_first: true }), 2);
  fc = new nn.Linear(D, CLASSES);
  forward(x: Tensor, pad: Tensor | null): Tensor {
    const h = this.enc(this.emb(x).add(this.pos.index(":", `:${x.size(1)}`)), { src_key_padding_mask: pad });
    return this.fc(h.mean(1));
  }
}

let ref: any;
beforeAll(() => { ref = py(PY); });

describe("TransformerEncoder classifier", () => {
  it("trains to Python's losses batch for batch; eval logits on the fast paths", () => {
    torch.manual_seed(0);
    const model = new Classifier();
    const opt = new optim.Adam(model.parameters(), { lr: 1e-2 });
    const X = torch.randint(0, VOCAB, [STEPS, BATCH, SEQ]), Y = torch.randint(0, CLASSES, [STEPS, BATCH]);
    const lengths = torch.randint(SEQ / 2, SEQ + 1, [STEPS, BATCH]);
    const pads = torch.arange(SEQ).view(1, 1, SEQ).ge(lengths.unsqueeze(-1));
    const losses: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      opt.zero_grad();
      const loss = F.cross_entropy(model(X.index(i), pads.index(i)), Y.index(i));
      loss.backward();
      opt.step();
      losses.push(loss.item() as number);
    }
    expect(losses.length).toBe(ref.losses.length);
    expectClose(losses, ref.losses, 1e-6, 1e-6);
    model.eval();
    torch.no_grad(() => {
      expectClose(model(X.index(0), null), ref.eval, 1e-5, 1e-5);
      expectClose(model(X.index(0), pads.index(0)), ref.eval_pad, 1e-5, 1e-5);
    });
    expectClose(model.fc.weight, ref.fc, 1e-5, 1e-5);
  });
});

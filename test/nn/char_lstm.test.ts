// A character-level LSTM language model (Embedding -> 2-layer LSTM with dropout -> Linear) trained
// with Adam on a fixed text, in Node and in the linked version's Python from the same seed: the
// same batches, the same loss at every step, the same weights after, the same sampled text.
import { describe, it, expect, beforeAll } from "vitest";
import torch, { nn, optim, Tensor } from "../../lib/index";
import F from "../../lib/nn/functional";
import { py } from "../helpers/python";
import { expectClose } from "./helpers";

const TEXT = "the quick brown fox jumps over the lazy dog. a stitch in time saves nine. "
  + "all that glitters is not gold; fortune favours the bold, and practice makes perfect.\n";
const STEPS = 12, B = 4, T = 16, SAMPLE = 40;

const PY = `
import torch.nn as nn, torch.nn.functional as F
text = ${JSON.stringify(TEXT)}
chars = sorted(set(text)); stoi = {c: i for i, c in enumerate(chars)}; V = len(chars)
data = torch.tensor([stoi[c] for c in text])
class CharLSTM(nn.Module):
    def __init__(self, V):
        super().__init__()
        self.emb = nn.Embedding(V, 8)
        self.lstm = nn.LSTM(8, 16, num_layers=2, batch_first=True, dropout=0.1)
        self.head = nn.Linear(16, V)
    def forward(self, x, state=None):
        h, state = self.lstm(self.emb(x), state)
        return self.head(h), state
torch.manual_seed(0)
model = CharLSTM(V)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
losses, starts_all = [], []
for step in range(${STEPS}):
    starts = torch.randint(0, len(data) - ${T} - 1, (${B},)).tolist()
    x = torch.stack([data[s:s + ${T}] for s in starts]); y = torch.stack([data[s + 1:s + ${T} + 1] for s in starts])
    logits, _ = model(x)
    loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
    opt.zero_grad(); loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    losses.append(loss.item()); starts_all.append(starts)
model.eval()
sample, state, x = [], None, torch.tensor([stoi['t']])
with torch.no_grad():
    for _ in range(${SAMPLE}):
        logits, state = model(x, state)
        x = torch.multinomial(F.softmax(logits[-1] / 0.8, dim=-1), 1)
        sample.append(chars[x.item()])
out = {"chars": chars, "losses": losses, "starts": starts_all, "params": [p for p in model.parameters()],
       "sample": "".join(sample), "h": state[0], "c": state[1]}
`;

class CharLSTM extends nn.Module {
  declare emb: nn.Embedding;
  declare lstm: nn.LSTM;
  declare head: nn.Linear;
  constructor(V: number) {
    super();
    this.emb = new nn.Embedding(V, 8);
    this.lstm = new nn.LSTM(8, 16, { num_layers: 2, batch_first: true, dropout: 0.1 });
    this.head = new nn.Linear(16, V);
  }
  forward(x: Tensor, state: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const [h, s] = this.lstm(this.emb(x), state);
    return [this.head(h), s];
  }
}

let ref: any;
beforeAll(() => { ref = py(PY); });

describe("character-level LSTM language model", () => {
  it("trains batch for batch as Python does, then samples the same text", () => {
    const chars = [...new Set(TEXT)].sort();
    expect(chars).toEqual(ref.chars);
    const stoi = new Map(chars.map((c, i) => [c, i]));
    const V = chars.length;
    const data = torch.tensor([...TEXT].map((c) => stoi.get(c)!));
    torch.manual_seed(0);
    const model = new CharLSTM(V);
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    const losses: number[] = [];
    for (let step = 0; step < STEPS; step++) {
      const starts = torch.randint(0, TEXT.length - T - 1, [B]).tolist() as number[];
      expect(starts).toEqual(ref.starts[step]);
      const x = torch.stack(starts.map((s) => data.index(`${s}:${s + T}`)));
      const y = torch.stack(starts.map((s) => data.index(`${s + 1}:${s + T + 1}`)));
      const [logits] = model(x);
      const loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1));
      opt.zero_grad();
      loss.backward();
      nn.utils.clip_grad_norm_(model.parameters(), 1.0);
      opt.step();
      losses.push(loss.item() as number);
    }
    expectClose(losses, ref.losses);
    model.parameters().forEach((p, i) => expectClose(p, ref.params[i]));

    model.eval();
    let sample = "", state: [Tensor, Tensor] | null = null, x = torch.tensor([stoi.get("t")!]);
    torch.no_grad(() => {
      for (let i = 0; i < SAMPLE; i++) {
        let logits: Tensor;
        [logits, state] = model(x, state);
        x = torch.multinomial(F.softmax(logits.index(-1).div(0.8), { dim: -1 }), 1);
        sample += chars[x.item() as number];
      }
    });
    expect(sample).toBe(ref.sample);
    expectClose(state![0], ref.h);
    expectClose(state![1], ref.c);
  });
});

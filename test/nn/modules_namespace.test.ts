// torch.nn.modules: the same classes under Python's file names.
import { describe, it, expect } from "vitest";
import { nn } from "../../lib/index";
import { py } from "../helpers/python";

describe("torch.nn.modules", () => {
  it("holds each class under its Python file, and at its top", () => {
    const names: [string, string][] = [["linear", "Linear"], ["conv", "Conv2d"], ["activation", "ReLU"], ["activation", "MultiheadAttention"],
      ["rnn", "LSTM"], ["container", "Sequential"], ["loss", "CrossEntropyLoss"], ["module", "Module"], ["transformer", "TransformerEncoder"]];
    const ref = py(`out = [[getattr(getattr(torch.nn.modules, f), n).__module__, getattr(torch.nn.modules, n) is getattr(torch.nn, n)] for f, n in ${JSON.stringify(names)}]`);
    names.forEach(([file, name], i) => {
      const c = (nn.modules as any)[file][name];
      expect(c, `${file}.${name}`).toBe((nn as any)[name]);
      expect(c.__module__ ?? "torch.nn.modules.module").toBe(ref[i][0]);
      expect((nn.modules as any)[name]).toBe((nn as any)[name]);
      expect(ref[i][1]).toBe(true);
    });
  });
});

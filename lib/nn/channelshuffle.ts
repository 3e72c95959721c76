// torch/nn/modules/channelshuffle.py: ChannelShuffle.
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { bindArgs } from "./_utils";
import { channel_shuffle } from "./_functional/vision";

/** Splits the C channels of (*, C, H, W) into `groups` and interleaves them. */
export class ChannelShuffle extends Module {
  groups!: number;
  constructor(groups: number | { groups: number });
  constructor(...args: any[]) {
    super();
    [this.groups] = bindArgs("__init__", [["groups"]], args);
  }
  forward(input: Tensor): Tensor { return channel_shuffle(input, this.groups); }
  extra_repr(): string { return `groups=${this.groups}`; }
}

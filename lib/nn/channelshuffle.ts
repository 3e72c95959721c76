// torch.nn.modules.channelshuffle
export {};

// torch.nn.modules.pixelshuffle
export {};

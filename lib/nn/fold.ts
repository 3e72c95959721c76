// torch.nn.modules.fold
export {};

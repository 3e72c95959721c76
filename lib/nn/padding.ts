// torch.nn.modules.padding
export {};

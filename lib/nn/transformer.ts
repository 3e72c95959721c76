// torch.nn.modules.transformer
export {};

// torch.nn.modules.upsampling
export {};

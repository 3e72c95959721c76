// torch.nn.modules.distance
export {};

// torch.nn.functional: the loss functions (re-exported by ../functional).
export {};

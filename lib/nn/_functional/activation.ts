// torch.nn.functional: the activation functions (re-exported by ../functional).
export {};

// torch.nn.functional: the vision functions (re-exported by ../functional).
export {};

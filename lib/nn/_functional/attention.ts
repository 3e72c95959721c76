// torch.nn.functional: the attention functions (re-exported by ../functional).
export {};

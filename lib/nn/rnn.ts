// torch.nn.modules.rnn
export {};

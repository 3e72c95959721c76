// torch.nn.utils.rnn
export {};

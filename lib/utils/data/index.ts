// torch.utils.data (filled in by the data issue).
export {};

// torch.utils.data: `import { DataLoader, random_split, TensorDataset, Dataset } from "torch-node/utils/data"`.
export { Dataset, IterableDataset, TensorDataset, ConcatDataset, Subset, random_split, type DatasetLike } from "./dataset";
export { Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler } from "./sampler";
export { DataLoader, _SingleProcessDataLoaderIter, type DataLoaderOptions } from "./dataloader";
export { default_collate, default_convert } from "./_utils/collate";
export { DistributedSampler } from "./distributed";

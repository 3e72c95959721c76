// torch.version, and the one place where TypeScript tells libtorch releases apart:
// behaviour that changed between PyTorch 1.13 and 2.x is decided here, from the version of
// the libtorch the addon was built against, and the rest of lib/ reads these flags.
import { N } from "./native";

/** torch.__version__: the linked libtorch's version, as Python's torch of it says ("2.14.1+cu130"). */
export const __version__: string = N.version();

const [major, minor] = __version__.split(/[.+a-z]/).map(Number);

/** True when the linked libtorch is `maj.min` or later. */
export function since(maj: number, min = 0): boolean { return major > maj || (major === maj && minor >= min); }

/** torch.version.cuda: the CUDA version of a CUDA build, else null. */
export const cuda: string | null = N.cudaIsCompiled() ? (/\+cu(\d+)(\d)$/.exec(__version__)?.slice(1, 3).join(".") ?? "unknown") : null;

/** Behaviour that follows the linked release. */
export const V = {
  /** 2.0: `zero_grad(set_to_none=True)` by default. */
  zero_grad_set_to_none: since(2, 0),
  /** 2.x optimizers: `foreach`/`fused`/`capturable`/`differentiable` keys, tensor `step`s. */
  optim2: since(2, 0),
  /** 2.6: torch.load's `weights_only` defaults to true (1.13: false). */
  weights_only_default: since(2, 6),
  /** 2.0: the argument parser's messages show defaults ("Number alpha = 1", "Tensor out = None") and
   *  call a SymInt[] parameter "tuple of ints" (1.13: "tuple of SymInts"). */
  arg_parser2: since(2, 0),
  /** 2.0: Tensor.item() of several elements is libtorch's RuntimeError "a Tensor with N elements cannot
   *  be converted to Scalar" (1.13: ValueError "only one element tensors can be converted to Python scalars"). */
  item_scalar_error: since(2, 0),
  /** 2.x: an int outside int64 is ValueError "Overflow when unpacking long long" (1.13: RuntimeError
   *  "Overflow when unpacking long"). */
  unpack_long_long: since(2, 0),
  /** 2.x printing: set_printoptions' sci_mode is decided before the element widths; edgeitems=0
   *  summarizes to "..." with a size= suffix. */
  tensor_str2: since(2, 0),
  /** numpy of the 2.x stack (numpy 2.3+; 1.13's is 1.24): arrays print in scientific notation from
   *  10**min(8, finfo.precision) (1.24: 1e8), compared in the array's dtype. */
  numpy2: since(2, 0),
  /** torchvision 0.17 (torch 2.2): Resize and resize antialias tensors by default (antialias=True), and
   *  antialias is ignored for modes other than bilinear and bicubic (0.14: a ValueError). */
  tv_antialias_default: since(2, 2),
  /** torchvision 0.15 (torch 2.0): Pillow's integer interpolation constants are accepted without a
   *  deprecation, and a wrong interpolation says "... or a corresponding Pillow integer constant". */
  tv_interpolation_int: since(2, 0),
  /** torchvision 0.15 (torch 2.0): ops.MLP's inplace defaults to None (the layers' own defaults), not True. */
  tv_mlp_inplace_none: since(2, 0),
  /** torchvision 0.18 (torch 2.3): draw_segmentation_masks paints pixels under two or more masks black. */
  tv_mask_overlap: since(2, 3),
  /** 2.x: Adam's first moment by lerp_ (1.13: mul_(beta1).add_(grad, 1 - beta1)). */
  adam_lerp: since(2, 0),
  /** 2.2: Adadelta, Adagrad, Adamax, ASGD, NAdam, RAdam, Rprop and LBFGS take 2.x's options (capturable, differentiable, maximize, fused, decoupled_weight_decay), Adadelta and Rprop keep tensor steps, NAdam's mu_product_next is mu_product * mu_next (1.13: mu_product * mu * mu_next). */
  optim_every_option: since(2, 2),
  /** 2.2: ReduceLROnPlateau is an LRScheduler; CyclicLR and OneCycleLR cycle Adam's beta1; step() before optimizer.step() is told by the optimizer's own flag. */
  lr_scheduler2: since(2, 2),
  /** 2.2: swa_utils' AveragedModel takes multi_avg_fn and copies buffers it does not average; get_ema_avg_fn and the other avg_fn factories; update_bn by reset_running_stats. */
  swa_utils2: since(2, 2),
  /** 2.1: Optimizer.load_state_dict keeps the given state's tensors where dtype and device match
   *  (1.13: deep copies). */
  optim_load_shares: since(2, 1),
  /** 2.2: SGD's `lr` defaults to 1e-3 (1.13: required). */
  sgd_default_lr: since(2, 2),
  /** 2.3: SGD's `fused` key (default None). */
  sgd_fused: since(2, 3),
  /** 2.4: SGD keeps no state without momentum (1.13: a momentum_buffer of None). */
  sgd_state_needs_momentum: since(2, 4),
  /** 2.4: RMSprop's `capturable` key, tensor `step`, and grad_avg by lerp_. */
  rmsprop_tensor_step: since(2, 4),
  /** 2.7: AdamW is Adam with `decoupled_weight_decay=True` (a subclass, that key in its groups). */
  adamw_is_adam: since(2, 7),
  /** 2.7: LR schedulers have no `verbose` argument or attribute, and no print_lr. */
  lr_scheduler_no_verbose: since(2, 7),
  /** 2.8: LR schedulers mark their constructor's step with `_is_initial` (ExponentialLR and
   *  CosineAnnealingLR keep the lr there; 1.13 tests last_epoch == 0). */
  lr_scheduler_is_initial: since(2, 8),
  /** 2.1: LayerNorm's `bias` argument (after elementwise_affine), "bias=" in its repr. */
  layer_norm_bias: since(2, 1),
  /** 2.12: BatchNorm's keyword-only `bias` argument, "bias=" in its repr. */
  batch_norm_bias: since(2, 12),
  /** 2.0: ModuleList's repr folds runs of equal modules ("(0-2): 3 x Linear(...)"); Embedding's
   *  `_freeze`; named_parameters/named_buffers/modules' `remove_duplicate`; hooks' `prepend`,
   *  `with_kwargs`, `always_call`; clip_grad_*'s `foreach`. */
  nn2: since(2, 0),
  /** 2.1: load_state_dict's `assign`. */
  load_state_dict_assign: since(2, 1),
  /** 2.2: nn.init functions take a `generator`. */
  nn_init_generator: since(2, 2),
  /** 2.2: BatchNorm loading a state dict without num_batches_tracked keeps its own (1.13: 0). */
  batch_norm_keeps_num_batches: since(2, 2),
  /** 2.4: load_state_dict reports "w.x" as unexpected where w is a parameter or buffer, and a
   *  key naming a submodule ("fc") too (1.13: both ignored). */
  load_state_dict_prefix_keys: since(2, 4),
  /** 2.5: Module._modules/_parameters/_buffers are plain dicts (print as {...}). */
  module_plain_dicts: since(2, 5),
  /** 2.5: nn.Buffer; assigning one to a module attribute registers a buffer. */
  nn_buffer: since(2, 5),
  /** 2.0: Upsample's repr quotes its mode and reprs size and scale_factor ("mode='nearest'"); interpolate
   *  checks that sizes are ints; fractional_max_pool2d's output_ratio length, FractionalMaxPool3d's
   *  kernel_size and max_unpool's output sizes are checked; deprecation messages quote names in backticks. */
  vision2: since(2, 0),
  /** 2.1: CircularPad1d/2d/3d, ZeroPad1d and ZeroPad3d. */
  circular_pad: since(2, 1),
  /** 2.2: LPPool3d and F.lp_pool3d. */
  lp_pool3d: since(2, 2),
  /** 2.13: lp_pool of norm_type ±inf is a max pool of |x|; interpolate's 'lanczos' mode. */
  lp_pool_inf: since(2, 13),
  /** 2.14: lp_pool and LPPool check that norm_type is non-zero. */
  lp_pool_norm_check: since(2, 14),
  /** 2.10: load_state_dict takes a 1-element 1-d tensor for a 0-d parameter, not any 1-d one. */
  load_state_dict_scalar_one: since(2, 10),
  /** 2.14: Softmax and LogSoftmax check that dim is an int or None. */
  softmax_dim_check: since(2, 14),
  /** 2.1: Softplus's beta and threshold default to floats (repr "beta=1.0, threshold=20.0"; 1.13: ints). */
  softplus_float: since(2, 1),
  /** 2.4: Hardtanh's min_value/max_value FutureWarnings say "`min_value` is deprecated and renamed to `min_val`". */
  hardtanh_future_warning: since(2, 4),
  /** 2.10: nn's explicit checks: Hardtanh's AssertionError names both values, F.hardtanh, Softmax2d, CrossMapLRN2d and Bilinear raise ValueErrors. */
  nn_value_checks: since(2, 10),
  /** 2.4: nn.RMSNorm and F.rms_norm. */
  rms_norm: since(2, 4),
  /** torch.optim.Adafactor (2.5) and torch.optim.Muon (2.9). */
  adafactor: since(2, 5), muon: since(2, 9),
  /** 2.12: GroupNorm's keyword-only `bias` (with BatchNorm's), "bias=" in its repr; 2.x: its divisibility error names both numbers. */
  group_norm_bias: since(2, 12),
  /** 2.10: F.batch_norm checks eps, F.group_norm the input's dims. */
  batch_norm_eps_check: since(2, 10),
  /** 2.1: F.embedding_bag checks weight's dims and a 2-D input drops include_last_offset; EmbeddingBag's repr quotes mode. */
  embedding_bag_checks: since(2, 1),
  /** 2.1: InstanceNorm checks the input's channels against num_features (ValueError when affine, else a warning). */
  instance_norm_num_features: since(2, 1),
  /** 2.1: SyncBatchNorm runs as BatchNorm on the CPU without a process group (1.13: ValueError, input not on GPU). */
  sync_batch_norm_cpu: since(2, 1),
  /** 2.7: torch.device(int) is an index of the current accelerator, an error where there is none. */
  device_int_accelerator: since(2, 7),
  /** 2.1: torch.float8_e4m3fn and torch.float8_e5m2. */
  dtype_float8: since(2, 1),
  /** 2.2: torch.float8_e4m3fnuz and torch.float8_e5m2fnuz. */
  dtype_float8_fnuz: since(2, 2),
  /** 2.3: torch.uint16, torch.uint32, torch.uint64 (checkpoints: _rebuild_tensor_v3, UntypedStorage). */
  dtype_uint16_32_64: since(2, 3),
  /** 2.7: torch.float8_e8m0fnu. */
  dtype_float8_e8m0fnu: since(2, 7),
  /** 2.1: torch.load's `mmap` (1.13: an unknown keyword, a TypeError). */
  load_mmap: since(2, 1),
  /** 2.6: weights_only's refusal of a global says how to load the file anyway (weights_only=False or add_safe_globals) (1.13: "Unsupported class X"). */
  load_wo_message: since(2, 6),
  /** 2.0: attention's is_causal, masks made float first (_canonical_mask), need_weights=False by scaled_dot_product_attention, merged masks on the fast paths. */
  attention2: since(2, 0),
  /** 2.1: the Transformer layers' `bias`, generate_square_subsequent_mask's dtype, Transformer.forward's is_causal hints, TransformerEncoder's use_nested_tensor warning, MultiheadAttention's embed_dim/num_heads ValueError. */
  transformer_bias: since(2, 1),
  /** 2.1: RNN/LSTM/GRU and the cells raise ValueError for inputs of the wrong dim or dtype, and check hidden_size. */
  rnn_input_checks: since(2, 1),
  /** 2.2: RNN/LSTM/GRU check num_layers > 0. */
  rnn_num_layers_check: since(2, 2),
  /** 2.3: nn.RNN's 4th positional argument is nonlinearity; LSTM checks sizes without hx, and not for packed input. */
  rnn_nonlinearity_arg: since(2, 3),
  /** 2.11: RNN/LSTM/GRU check input_size, bias and batch_first types; the dtype error names both fixes. */
  rnn_arg_types: since(2, 11),
  /** 2.5: pad_sequence's padding_side. */
  pad_sequence_padding_side: since(2, 5),
  /** 2.x losses: Python's checks (margins > 0, MultiMarginLoss's ValueError, HuberLoss's delta type), float var in gaussian_nll_loss, NLLLoss2d's FutureWarning. */
  loss2: since(2, 0),
  /** 2.6: F.mse_loss, F.l1_loss and F.huber_loss take a `weight`. */
  loss_weight: since(2, 6),
  /** 2.13: nn.LinearCrossEntropyLoss and F.linear_cross_entropy. */
  linear_cross_entropy: since(2, 13),
  /** 2.12: nn.init.trunc_normal_ redraws normal samples (rejection) instead of mapping uniform ones through erfinv. */
  trunc_normal_rejection: since(2, 12),
  /** 2.4: nn.init's deprecated names (uniform, normal, ...) raise a FutureWarning that quotes them in backticks. */
  init_future_warning: since(2, 4),
  /** 2.4: torch.nn.utils' deprecated clip_grad_norm and weight_norm raise a FutureWarning that quotes names in backticks. */
  nn_utils_future_warning: since(2, 4),
  /** 2.6: nn.utils.get_total_norm and clip_grads_with_norm_ (clip_grad_norm_ is made of them). */
  get_total_norm: since(2, 6),
  /** 2.1: nn.utils.parametrizations.weight_norm. */
  parametrizations_weight_norm: since(2, 1),
  /** 2.6: torch.accelerator. */
  accelerator: since(2, 6),
  /** 2.14: torch.jit.load, save and trace raise a FutureWarning (2.13: a DeprecationWarning, hidden by default). */
  jit_deprecated: since(2, 14),
  /** 2.x: a torch.Generator has a __module__ (torch.typename says torch._C.Generator; 1.13: Generator). */
  generator_module: since(2, 0),
};

export default { __version__, cuda, since, V };

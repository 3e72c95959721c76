// torch.nn.utils
export * as rnn from "./rnn";
export * as parametrize from "./parametrize";
export * as parametrizations from "./parametrizations";
export { clip_grad_norm_, clip_grad_norm, clip_grad_value_, get_total_norm, clip_grads_with_norm_ } from "./clip_grad";
export { parameters_to_vector, vector_to_parameters } from "./convert_parameters";
export { weight_norm, remove_weight_norm } from "./weight_norm";
export { spectral_norm, remove_spectral_norm } from "./spectral_norm";

// The operator library "emorec": every schema in one place. The kernels are registered beside their
// implementations (neighbor_aggregate.cpp, multimodal_fuse.cpp, csr_aggregate.cpp). Built into
// libemorec_ops.so, so that Python loads the same operators with torch.ops.load_library.
#include <torch/library.h>

TORCH_LIBRARY(emorec, m) {
  // Neighbour aggregation (neighbor_aggregate.h). The forward also returns the softmax weights [N,K] that the
  // backward reads; output_mask says which of (user, rel_table, x) need a gradient.
  m.def("neighbor_aggregate(Tensor user, Tensor rel_table, Tensor rel_idx, Tensor x, Tensor? x_idx=None, "
        "bool mean_score=True, bool mean_reduce=True) -> Tensor");
  m.def("neighbor_aggregate_forward(Tensor user, Tensor rel_table, Tensor rel_idx, Tensor x, Tensor? x_idx, "
        "bool mean_score, bool mean_reduce) -> (Tensor out, Tensor attn)");
  m.def("neighbor_aggregate_backward(Tensor grad_out, Tensor user, Tensor rel_table, Tensor rel_idx, Tensor x, "
        "Tensor? x_idx, Tensor attn, bool mean_score, bool mean_reduce, bool[3] output_mask) -> "
        "(Tensor grad_user, Tensor grad_rel_table, Tensor grad_x)");
  // Multimodal fusion (multimodal_fuse.h): the elementwise part is the custom kernel; `multimodal_fuse` adds the
  // residual mode's linear layer and tanh.
  m.def("multimodal_fuse(Tensor entity, Tensor modal, Tensor? modal_index=None, str mode=\"sum\", "
        "Tensor? weight=None, Tensor? bias=None) -> Tensor");
  m.def("multimodal_fuse_elementwise(Tensor entity, Tensor modal, Tensor? modal_index, str mode) -> Tensor");
  m.def("multimodal_fuse_elementwise_backward(Tensor grad_out, Tensor entity, Tensor modal, Tensor? modal_index, "
        "str mode, bool[2] output_mask) -> (Tensor grad_entity, Tensor grad_modal)");
  // Full-neighbourhood aggregation over a CSR graph (csr_aggregate.h): attention weights as CSR values and a
  // sparse x dense product (cuSPARSE on CUDA).
  m.def("csr_spmm(Tensor rowptr, Tensor col, Tensor values, Tensor x) -> Tensor");
  m.def("csr_spmm_backward(Tensor grad_out, Tensor rowptr, Tensor col, Tensor values, Tensor x, "
        "bool[2] output_mask) -> (Tensor grad_values, Tensor grad_x)");
  m.def("neighbor_aggregate_csr(Tensor user, Tensor rel_table, Tensor rowptr, Tensor rel_idx, Tensor x, "
        "Tensor col, bool mean_score=True, bool mean_reduce=True) -> Tensor");
}

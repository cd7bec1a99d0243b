// emorec::neighbor_aggregate: validation, the device-independent forward and backward over the backends'
// leaf functions (backend.h), the autograd function, and the kernel registrations.
//
// Scores come from the [B,Rn] product user @ rel_table^T when that is the smaller computation (B*Rn <= N*K:
// KGCN's few relations), read per (row, neighbour); otherwise from the K dot products per row. Gradients:
// the backend's row pass gives d(dot) [N,K] (and the dense x gradient); user and relation gradients follow as
// two matrix products over the [B,Rn] gradient of the product, or as segmented sums; an indexed x gets its
// gradient as a segmented sum over the entries grouped by table row (no atomics).
#include "ops/neighbor_aggregate.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/library.h>

#include <algorithm>

#include "ops/backend.h"
#include "ops/check.h"
#include "ops/segments.h"

namespace emorec::ops {
namespace {

using torch::Tensor;
constexpr const char* kOp = "emorec::neighbor_aggregate";

struct Shape {
  NeighborAggregateDims dims;
  int64_t users = 0;
  bool user_rel = false;  // scores through the [B,Rn] product
};

// Shapes, dtypes and devices always; index ranges when `check_ranges` (the autograd backward skips them: its
// indices are the forward's, already checked).
Shape check_inputs(const Tensor& user, const Tensor& rel_table, const Tensor& rel_idx, const Tensor& x,
                   const std::optional<Tensor>& x_idx, bool mean_score, bool mean_reduce, bool check_ranges = true) {
  TORCH_CHECK(user.dim() == 2, kOp, ": user must be [B,D], got ", user.sizes());
  const int64_t B = user.size(0), D = user.size(1);
  TORCH_CHECK(D >= 1, kOp, ": user must be [B,D] with D >= 1, got ", user.sizes());
  check_float_dtype(kOp, "user", user);
  check_same_device_dtype(kOp, "rel_table", rel_table, "user", user);
  check_same_device_dtype(kOp, "x", x, "user", user);
  TORCH_CHECK(rel_table.dim() == 2 && rel_table.size(1) == D, kOp, ": rel_table must be [R,D] with D=", D, ", got ",
              rel_table.sizes());
  TORCH_CHECK(rel_idx.dim() == 2 && rel_idx.scalar_type() == torch::kLong, kOp,
              ": rel_idx must be an int64 [N,K] tensor, got ", rel_idx.scalar_type(), " ", rel_idx.sizes());
  check_index(kOp, "rel_idx", rel_idx, user);
  const int64_t N = rel_idx.size(0), K = rel_idx.size(1);
  TORCH_CHECK(K >= 1, kOp, ": rel_idx must have K >= 1 neighbours per row, got ", rel_idx.sizes());
  TORCH_CHECK(B > 0 ? N % B == 0 : N == 0, kOp, ": N=", N, " rows is not a multiple of B=", B, " users");
  if (x_idx) {
    TORCH_CHECK(x.dim() == 2 && x.size(1) == D, kOp, ": x must be a [M,D] table with D=", D,
                " when x_idx is given, got ", x.sizes());
    TORCH_CHECK(x_idx->scalar_type() == torch::kLong && x_idx->sizes() == rel_idx.sizes(), kOp,
                ": x_idx must be int64 with the shape of rel_idx ", rel_idx.sizes(), ", got ", x_idx->scalar_type(), " ",
                x_idx->sizes());
    check_index(kOp, "x_idx", *x_idx, user);
    if (check_ranges) check_index_range(kOp, "x_idx", *x_idx, 0, x.size(0), "rows of x");
  } else {
    TORCH_CHECK(x.dim() == 3 && x.size(0) == N && x.size(1) == K && x.size(2) == D, kOp, ": x must be [N,K,D]=[", N,
                ",", K, ",", D, "] without x_idx, got ", x.sizes());
  }
  if (check_ranges) check_index_range(kOp, "rel_idx", rel_idx, 0, rel_table.size(0), "rows of rel_table");
  Shape s;
  s.users = B;
  s.dims.rows = N;
  s.dims.k = K;
  s.dims.dim = D;
  s.dims.rows_per_user = B > 0 ? std::max<int64_t>(1, N / B) : 1;
  s.dims.n_rel = rel_table.size(0);
  s.dims.score_scale = mean_score ? 1.0 / static_cast<double>(D) : 1.0;
  s.dims.reduce_scale = mean_reduce ? 1.0 / static_cast<double>(K) : 1.0;
  // On CUDA the [B,R] product path adds its gradient with float atomics (order-dependent rounding); with
  // deterministic algorithms requested, the sorted segmented path is taken instead.
  s.user_rel = B * s.dims.n_rel <= N * K && !(user.is_cuda() && at::globalContext().deterministicAlgorithms());
  return s;
}

std::tuple<Tensor, Tensor> forward_kernel(const Tensor& user, const Tensor& rel_table, const Tensor& rel_idx,
                                          const Tensor& x, const std::optional<Tensor>& x_idx, bool mean_score,
                                          bool mean_reduce) {
  const auto s = check_inputs(user, rel_table, rel_idx, x, x_idx, mean_score, mean_reduce);
  const auto acc = accumulation_dtype(x);
  auto out = torch::empty({s.dims.rows, s.dims.dim}, x.options());
  auto attn = torch::empty({s.dims.rows, s.dims.k}, x.options().dtype(acc));
  if (s.dims.rows == 0) return {out, attn};
  const auto u = user.contiguous(), r = rel_table.contiguous();
  const auto user_rel = s.user_rel ? torch::mm(u.to(acc), r.to(acc).t()).contiguous() : Tensor();
  EMOREC_OPS_BACKEND_CALL(x, neighbor_aggregate_forward, s.dims, u, r, user_rel, rel_idx.contiguous(),
                          x.contiguous(), contiguous_or_undefined(x_idx), out, attn);
  return {out, attn};
}

std::tuple<Tensor, Tensor, Tensor> backward_impl(const Tensor& grad_out, const Tensor& user, const Tensor& rel_table,
                                                 const Tensor& rel_idx, const Tensor& x,
                                                 const std::optional<Tensor>& x_idx, const Tensor& attn,
                                                 bool mean_score, bool mean_reduce, std::array<bool, 3> mask,
                                                 bool check_ranges) {
  const auto s = check_inputs(user, rel_table, rel_idx, x, x_idx, mean_score, mean_reduce, check_ranges);
  const auto& d = s.dims;
  TORCH_CHECK(grad_out.sizes() == torch::IntArrayRef({d.rows, d.dim}), kOp, ": grad_out must be [N,D]=[", d.rows,
              ",", d.dim, "], got ", grad_out.sizes());
  check_same_device_dtype(kOp, "grad_out", grad_out, "x", x);
  const auto acc = accumulation_dtype(x);
  TORCH_CHECK(attn.sizes() == rel_idx.sizes() && attn.scalar_type() == acc, kOp,
              ": attn must be the forward's [N,K] weights in ", acc, ", got ", attn.scalar_type(), " ", attn.sizes());
  const auto u = user.contiguous(), r = rel_table.contiguous(), ri = rel_idx.contiguous(), xc = x.contiguous();
  const auto g = grad_out.contiguous(), a = attn.contiguous(), xi = contiguous_or_undefined(x_idx);
  Tensor grad_user, grad_rel, grad_x;
  if (d.rows == 0) {
    return {mask[0] ? torch::zeros_like(user) : Tensor(), mask[1] ? torch::zeros_like(rel_table) : Tensor(),
            mask[2] ? torch::zeros_like(x) : Tensor()};
  }
  const bool need_scores = mask[0] || mask[1];
  auto grad_dot = torch::empty({d.rows, d.k}, x.options().dtype(acc));
  auto grad_x_dense = (!xi.defined() && mask[2]) ? torch::empty({d.rows, d.k, d.dim}, x.options()) : Tensor();
  auto grad_user_rel = (need_scores && s.user_rel) ? torch::zeros({s.users, d.n_rel}, x.options().dtype(acc)) : Tensor();
  EMOREC_OPS_BACKEND_CALL(x, neighbor_aggregate_backward_rows, d, g, xc, xi, a, ri, grad_dot, grad_x_dense,
                          grad_user_rel);
  if (s.user_rel) {
    if (mask[0]) grad_user = grad_user_rel.mm(r.to(acc)).to(user.scalar_type());
    if (mask[1]) grad_rel = grad_user_rel.t().mm(u.to(acc)).to(user.scalar_type());
  } else {
    const auto flat_dot = grad_dot.view({-1});
    const auto entry = torch::arange(d.rows * d.k, ri.options());
    const auto user_of_entry = entry.div(d.k * d.rows_per_user, "floor");
    // A user's entries are one consecutive run: no grouping needed.
    if (mask[0]) grad_user = sum_runs(ri.view({-1}), flat_dot, r, s.users);
    if (mask[1]) grad_rel = scatter_rows(ri.view({-1}), user_of_entry, flat_dot, u, d.n_rel);
  }
  if (mask[2]) {
    if (xi.defined()) {
      // entry n * K + k reads grad_out row n
      grad_x = scatter_rows(xi.view({-1}), torch::Tensor(), a.view({-1}) * d.reduce_scale, g, x.size(0), d.k);
    } else {
      grad_x = grad_x_dense;
    }
  }
  return {grad_user, grad_rel, grad_x};
}

// The registered backward: a direct caller's indices are range-checked like the forward's.
std::tuple<Tensor, Tensor, Tensor> backward_kernel(const Tensor& grad_out, const Tensor& user, const Tensor& rel_table,
                                                   const Tensor& rel_idx, const Tensor& x,
                                                   const std::optional<Tensor>& x_idx, const Tensor& attn,
                                                   bool mean_score, bool mean_reduce, std::array<bool, 3> mask) {
  return backward_impl(grad_out, user, rel_table, rel_idx, x, x_idx, attn, mean_score, mean_reduce, mask, true);
}

// The plain CPU/CUDA kernel (no autograd: inference mode, or below the autograd layer).
Tensor aggregate_kernel(const Tensor& user, const Tensor& rel_table, const Tensor& rel_idx, const Tensor& x,
                        const std::optional<Tensor>& x_idx, bool mean_score, bool mean_reduce) {
  return std::get<0>(forward_kernel(user, rel_table, rel_idx, x, x_idx, mean_score, mean_reduce));
}

auto forward_op() {
  return c10::Dispatcher::singleton()
      .findSchemaOrThrow("emorec::neighbor_aggregate_forward", "")
      .typed<std::tuple<Tensor, Tensor>(const Tensor&, const Tensor&, const Tensor&, const Tensor&,
                                        const std::optional<Tensor>&, bool, bool)>();
}

class NeighborAggregateFunction : public torch::autograd::Function<NeighborAggregateFunction> {
 public:
  static Tensor forward(torch::autograd::AutogradContext* ctx, const Tensor& user, const Tensor& rel_table,
                        const Tensor& rel_idx, const Tensor& x, const std::optional<Tensor>& x_idx,
                        bool mean_score, bool mean_reduce) {
    at::AutoDispatchBelowADInplaceOrView guard;
    static const auto op = forward_op();
    auto [out, attn] = op.call(user, rel_table, rel_idx, x, x_idx, mean_score, mean_reduce);
    ctx->save_for_backward({user, rel_table, rel_idx, x, x_idx.value_or(Tensor()), attn});
    ctx->saved_data["mean_score"] = mean_score;
    ctx->saved_data["mean_reduce"] = mean_reduce;
    return out;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    TORCH_CHECK(!torch::GradMode::is_enabled(), kOp, ": second derivatives are not implemented");
    const auto saved = ctx->get_saved_variables();
    const std::array<bool, 3> mask{ctx->needs_input_grad(0), ctx->needs_input_grad(1), ctx->needs_input_grad(3)};
    // Straight to the implementation: the saved tensors passed the forward's checks, ranges included.
    auto [grad_user, grad_rel, grad_x] =
        backward_impl(grads[0], saved[0], saved[1], saved[2], saved[3], optional_of(saved[4]), saved[5],
                      ctx->saved_data["mean_score"].toBool(), ctx->saved_data["mean_reduce"].toBool(), mask,
                      /*check_ranges=*/false);
    return {grad_user, grad_rel, Tensor(), grad_x, Tensor(), Tensor(), Tensor()};
  }
};

Tensor aggregate_autograd(const Tensor& user, const Tensor& rel_table, const Tensor& rel_idx, const Tensor& x,
                          const std::optional<Tensor>& x_idx, bool mean_score, bool mean_reduce) {
  return NeighborAggregateFunction::apply(user, rel_table, rel_idx, x, x_idx, mean_score, mean_reduce);
}

}  // namespace

Tensor neighbor_aggregate(const Tensor& user, const Tensor& rel_table, const Tensor& rel_idx, const Tensor& x,
                          const std::optional<Tensor>& x_idx, const NeighborAggregateOptions& options) {
  static const auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("emorec::neighbor_aggregate", "")
                             .typed<Tensor(const Tensor&, const Tensor&, const Tensor&, const Tensor&,
                                           const std::optional<Tensor>&, bool, bool)>();
  return op.call(user, rel_table, rel_idx, x, x_idx, options.score == NeighborScore::kMeanDot,
                 options.reduce == NeighborReduce::kMean);
}

TORCH_LIBRARY_IMPL(emorec, CPU, m) {
  m.impl("neighbor_aggregate", &aggregate_kernel);
  m.impl("neighbor_aggregate_forward", &forward_kernel);
  m.impl("neighbor_aggregate_backward", &backward_kernel);
}

TORCH_LIBRARY_IMPL(emorec, CUDA, m) {
  m.impl("neighbor_aggregate", &aggregate_kernel);
  m.impl("neighbor_aggregate_forward", &forward_kernel);
  m.impl("neighbor_aggregate_backward", &backward_kernel);
}

TORCH_LIBRARY_IMPL(emorec, Autograd, m) { m.impl("neighbor_aggregate", &aggregate_autograd); }

}  // namespace emorec::ops

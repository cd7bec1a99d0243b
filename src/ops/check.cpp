// Argument checks of the fused operators.
#include "ops/check.h"

#include <cstdlib>
#include <cstring>

namespace emorec::ops {
namespace {

bool check_cuda_indices() {
  static const bool enabled = [] {
    const char* v = std::getenv("EMOREC_CHECK_INDICES");
    return v && std::strcmp(v, "1") == 0;
  }();
  return enabled;
}

}  // namespace

void check_float_dtype(const char* op, const char* name, const torch::Tensor& t) {
  const auto type = t.scalar_type();
  if (t.is_cuda()) {
    TORCH_CHECK(type == torch::kFloat || type == torch::kHalf || type == torch::kBFloat16, op, ": ", name,
                " must be float32, float16 or bfloat16 on CUDA, got ", type);
  } else {
    TORCH_CHECK(t.device().is_cpu(), op, ": ", name, " must be on the CPU or a CUDA device, got ", t.device());
    TORCH_CHECK(type == torch::kFloat || type == torch::kDouble, op, ": ", name,
                " must be float32 or float64 on the CPU, got ", type);
  }
}

void check_same_device_dtype(const char* op, const char* name, const torch::Tensor& t, const char* like_name,
                             const torch::Tensor& like) {
  TORCH_CHECK(t.device() == like.device(), op, ": ", name, " is on ", t.device(), " but ", like_name, " is on ",
              like.device());
  TORCH_CHECK(t.scalar_type() == like.scalar_type(), op, ": ", name, " has dtype ", t.scalar_type(), " but ",
              like_name, " has ", like.scalar_type());
}

void check_index(const char* op, const char* name, const torch::Tensor& t, const torch::Tensor& like) {
  TORCH_CHECK(t.scalar_type() == torch::kLong, op, ": ", name, " must be int64, got ", t.scalar_type());
  TORCH_CHECK(t.device() == like.device(), op, ": ", name, " is on ", t.device(), " but the data is on ",
              like.device());
}

void check_index_range(const char* op, const char* name, const torch::Tensor& t, int64_t low, int64_t high,
                       const char* what) {
  if (t.numel() == 0 || (t.is_cuda() && !check_cuda_indices())) return;
  const auto [min, max] = torch::aminmax(t);
  const int64_t lo = min.item<int64_t>(), hi = max.item<int64_t>();
  TORCH_CHECK(lo >= low && hi < high, op, ": ", name, " holds index ", lo < low ? lo : hi, " outside [", low, ", ",
              high, ") (", what, ")");
}

torch::Tensor contiguous_or_undefined(const std::optional<torch::Tensor>& t) {
  return t ? t->contiguous() : torch::Tensor();
}

std::optional<torch::Tensor> optional_of(const torch::Tensor& t) {
  return t.defined() ? std::optional<torch::Tensor>(t) : std::nullopt;
}

torch::ScalarType accumulation_dtype(const torch::Tensor& t) {
  return t.scalar_type() == torch::kDouble ? torch::kDouble : torch::kFloat;
}

}  // namespace emorec::ops

// Front-door validation shared by the fused operators (every message starts with the operator's name and
// names the argument at fault) and the small argument conversions their front ends share.
#pragma once
#include <torch/torch.h>

#include <optional>
#include <string>

namespace emorec::ops {

// The floating dtypes a backend computes in: float32/float64 on the CPU, float32/float16/bfloat16 on CUDA.
void check_float_dtype(const char* op, const char* name, const torch::Tensor& t);
// `t` has `name`'s device and dtype equal to `like`'s (named `like_name`).
void check_same_device_dtype(const char* op, const char* name, const torch::Tensor& t, const char* like_name,
                             const torch::Tensor& like);
// An int64 index tensor on `like`'s device.
void check_index(const char* op, const char* name, const torch::Tensor& t, const torch::Tensor& like);
// Every element of the int64 tensor `t` lies in [low, high); checked always on the CPU. On CUDA the kernels
// assert every index on the device (a bad one fails the next CUDA call with a device-side assert); with
// EMOREC_CHECK_INDICES=1 the host checks too and names the argument (reading the bounds back synchronises
// the stream). `what` names the indexed table.
void check_index_range(const char* op, const char* name, const torch::Tensor& t, int64_t low, int64_t high,
                       const char* what);
// An optional tensor argument as the backends take it: contiguous, or undefined when absent.
torch::Tensor contiguous_or_undefined(const std::optional<torch::Tensor>& t);
// A saved tensor back as an optional argument (undefined: absent).
std::optional<torch::Tensor> optional_of(const torch::Tensor& t);

// The dtype sums accumulate in: float64 for float64 inputs, float32 otherwise.
torch::ScalarType accumulation_dtype(const torch::Tensor& t);

}  // namespace emorec::ops

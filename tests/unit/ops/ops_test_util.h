// Shared pieces of the operator tests: the device parameter (CPU always; CUDA when a GPU is present, visibly
// skipped otherwise), error norms, finite differences and error-message capture.
#pragma once
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace emorec::ops::test {

// Base fixture of device-parameterised operator tests.
class DeviceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  torch::Device device() const;
  bool on_cuda() const { return GetParam() == "cuda"; }
};

// Test-name suffixes for INSTANTIATE_TEST_SUITE_P(..., ::testing::Values("cpu", "cuda"), device_name).
std::string device_name(const ::testing::TestParamInfo<std::string>& info);

// ||a - b|| / max(||b||, tiny), computed in float64 on the CPU.
double rel_error(const torch::Tensor& a, const torch::Tensor& b);

// Gradients of loss = sum(f() * weights) with respect to each input, by autograd and by central differences
// (step eps, float64 inputs), compared elementwise within `tol`. Inputs must be float64 leaves.
void expect_gradients_match_finite_differences(const std::function<torch::Tensor()>& f,
                                               const std::vector<torch::Tensor*>& inputs, double eps, double tol);

// The message of the c10::Error that f throws ("" when it throws none).
std::string error_of(const std::function<void()>& f);

// n indices in [0, m): uniform, or skewed (P(i) ~ 1/(i+1), a few very popular rows).
torch::Tensor random_indices(int64_t n, int64_t m, bool skewed);

}  // namespace emorec::ops::test

// Shared pieces of the operator tests.
#include "unit/ops/ops_test_util.h"

namespace emorec::ops::test {

void DeviceTest::SetUp() {
  if (!on_cuda()) return;
#ifndef EMOREC_WITH_CUDA
  GTEST_SKIP() << "built without CUDA (EMOREC_CUDA=OFF or no nvcc): the CUDA kernels are not compiled";
#else
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no GPU: the CUDA kernels are compiled but not run here";
#endif
}

torch::Device DeviceTest::device() const { return on_cuda() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU); }

std::string device_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

double rel_error(const torch::Tensor& a, const torch::Tensor& b) {
  const auto x = a.detach().to(torch::kCPU, torch::kDouble), y = b.detach().to(torch::kCPU, torch::kDouble);
  if (!torch::isfinite(x).all().item<bool>()) return std::numeric_limits<double>::infinity();
  return (x - y).norm().item<double>() / std::max(y.norm().item<double>(), 1e-30);
}

void expect_gradients_match_finite_differences(const std::function<torch::Tensor()>& f,
                                               const std::vector<torch::Tensor*>& inputs, double eps, double tol) {
  torch::Tensor weights;
  {
    torch::NoGradGuard guard;
    weights = torch::randn_like(f());
  }
  auto loss = [&] { return (f() * weights).sum(); };
  for (auto* t : inputs) t->mutable_grad() = torch::Tensor();
  loss().backward();
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto* t = inputs[i];
    ASSERT_TRUE(t->grad().defined()) << "input " << i << " got no gradient";
    const auto analytic = t->grad().clone();
    auto flat = t->detach().view({-1});
    for (int64_t j = 0; j < flat.numel(); ++j) {
      torch::NoGradGuard guard;
      const double orig = flat[j].item<double>();
      flat[j] = orig + eps;
      const double up = loss().item<double>();
      flat[j] = orig - eps;
      const double down = loss().item<double>();
      flat[j] = orig;
      EXPECT_NEAR(analytic.view({-1})[j].item<double>(), (up - down) / (2 * eps), tol)
          << "input " << i << ", element " << j;
    }
  }
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const c10::Error& e) {
    return e.what_without_backtrace();
  }
  return "";
}

torch::Tensor random_indices(int64_t n, int64_t m, bool skewed) {
  if (!skewed) return torch::randint(0, m, {n}, torch::kLong);
  const auto weights = 1.0 / torch::arange(1, m + 1, torch::kDouble);
  return torch::multinomial(weights, n, /*replacement=*/true);
}

}  // namespace emorec::ops::test

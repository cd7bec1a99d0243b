// emorec::neighbor_aggregate_csr and emorec::csr_spmm on every device: with every row of degree K it is the
// sampled operator on the same neighbours; with skewed and empty rows it matches a per-row loop over the
// composite; csr_spmm's gradients against finite differences in float64 on the CPU; input validation.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "ops/csr_aggregate.h"
#include "ops/composite/composite.h"
#include "unit/ops/ops_test_util.h"

namespace emorec::ops {
namespace {

using test::error_of;
using test::rel_error;

class CsrAggregateOp : public test::DeviceTest {};

TEST_P(CsrAggregateOp, UniformDegreeEqualsTheSampledOperator) {
  torch::manual_seed(31);
  const int64_t B = 6, rows_per_user = 2, N = B * rows_per_user, K = 5, D = 19, M = 40, R = 4;
  auto opts = torch::TensorOptions().device(device());
  auto user = torch::randn({B, D}, opts), rel = torch::randn({R, D}, opts), x = torch::randn({M, D}, opts);
  const auto rel_idx = torch::randint(0, R, {N, K}, opts.dtype(torch::kLong));
  const auto x_idx = torch::randint(0, M, {N, K}, opts.dtype(torch::kLong));
  const auto rowptr = torch::arange(0, N * K + 1, K, opts.dtype(torch::kLong));
  for (auto* t : {&user, &rel, &x}) t->set_requires_grad(true);
  const auto sparse = neighbor_aggregate_csr(user, rel, rowptr, rel_idx.view({-1}), x, x_idx.view({-1}));
  const auto sampled = neighbor_aggregate(user, rel, rel_idx, x, x_idx);
  EXPECT_LT(rel_error(sparse, sampled), 1e-5);
  const auto w = torch::randn({N, D}, opts);
  const auto gs = torch::autograd::grad({(sparse * w).sum()}, {user, rel, x});
  const auto gd = torch::autograd::grad({(sampled * w).sum()}, {user, rel, x});
  for (size_t i = 0; i < gs.size(); ++i) EXPECT_LT(rel_error(gs[i], gd[i]), 1e-4) << "input " << i;
}

TEST_P(CsrAggregateOp, SkewedAndEmptyRowsMatchAPerRowLoop) {
  torch::manual_seed(32);
  const int64_t B = 3, N = 9, D = 8, M = 25, R = 3;
  std::vector<int64_t> degree = {0, 1, 12, 3, 0, 7, 2, 30, 1};
  std::vector<int64_t> ptr = {0};
  for (auto d : degree) ptr.push_back(ptr.back() + d);
  const int64_t E = ptr.back();
  const auto user = torch::randn({B, D}, torch::kDouble), rel = torch::randn({R, D}, torch::kDouble);
  const auto x = torch::randn({M, D}, torch::kDouble);
  const auto rel_idx = torch::randint(0, R, {E}, torch::kLong);
  const auto col = test::random_indices(E, M, /*skewed=*/true);
  const auto rowptr = torch::tensor(ptr, torch::kLong);
  auto expect = torch::zeros({N, D}, torch::kDouble);
  for (int64_t n = 0; n < N; ++n) {  // each row alone is a one-row sampled aggregation with K = its degree
    if (degree[static_cast<size_t>(n)] == 0) continue;
    const auto span = [&](const torch::Tensor& t) { return t.narrow(0, ptr[static_cast<size_t>(n)], degree[static_cast<size_t>(n)]).view({1, -1}); };
    expect[n] = neighbor_aggregate_composite(user.narrow(0, n / 3, 1), rel, span(rel_idx), x, span(col))[0];
  }
  auto f = [&](const torch::Tensor& t) { return t.to(device(), torch::kFloat); };
  auto i = [&](const torch::Tensor& t) { return t.to(device()); };
  const auto out = neighbor_aggregate_csr(f(user), f(rel), i(rowptr), i(rel_idx), f(x), i(col));
  EXPECT_LT(rel_error(out, expect), 1e-5);
  EXPECT_EQ(out[0].abs().sum().item<float>(), 0.f);  // an empty row aggregates nothing
}

TEST(CsrSpmmCpu, GradientsMatchFiniteDifferencesInFloat64) {
  torch::manual_seed(33);
  const auto rowptr = torch::tensor({0, 2, 2, 5, 6}, torch::kLong);
  const auto col = torch::tensor({1, 3, 0, 1, 1, 2}, torch::kLong);
  auto values = torch::randn({6}, torch::kDouble).requires_grad_(true);
  auto x = torch::randn({4, 3}, torch::kDouble).requires_grad_(true);
  test::expect_gradients_match_finite_differences([&] { return csr_spmm(rowptr, col, values, x); }, {&values, &x},
                                                  1e-6, 1e-7);
}

TEST(CsrSpmmCpu, RejectsBadInputsNamingTheArgument) {
  const auto x = torch::randn({4, 3});
  const auto values = torch::randn({3});
  const std::vector<std::pair<std::string, std::function<void()>>> cases = {
      {"rowptr must run from 0 to E=3", [&] { csr_spmm(torch::tensor({0, 2}, torch::kLong), torch::tensor({0, 1, 2}, torch::kLong), values, x); }},
      {"rowptr decreases at row 1 (3 > 1)", [&] { csr_spmm(torch::tensor({0, 3, 1, 3}, torch::kLong), torch::tensor({0, 1, 2}, torch::kLong), values, x); }},
      {"col holds index 4 outside [0, 4)", [&] { csr_spmm(torch::tensor({0, 3}, torch::kLong), torch::tensor({0, 4, 2}, torch::kLong), values, x); }},
      {"values must be [E]=[3]", [&] { csr_spmm(torch::tensor({0, 3}, torch::kLong), torch::tensor({0, 1, 2}, torch::kLong), values.narrow(0, 0, 2), x); }},
      {"col must be int64", [&] { csr_spmm(torch::tensor({0, 3}, torch::kLong), torch::tensor({0, 1, 2}, torch::kInt), values, x); }},
  };
  for (const auto& [expected, f] : cases) {
    const auto got = error_of(f);
    EXPECT_NE(got.find(expected), std::string::npos) << "expected \"" << expected << "\", got \"" << got << "\"";
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, CsrAggregateOp, ::testing::Values("cpu", "cuda"), test::device_name);

}  // namespace
}  // namespace emorec::ops

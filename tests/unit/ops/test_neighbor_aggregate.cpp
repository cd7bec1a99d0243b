// emorec::neighbor_aggregate on every device: forward against the plain-LibTorch composite (and, on CUDA,
// against the CPU backend), gradients against the composite's autograd and, in float64 on the CPU, against
// finite differences; half-precision storage on CUDA; input validation.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "ops/neighbor_aggregate.h"
#include "ops/composite/composite.h"
#include "unit/ops/ops_test_util.h"

namespace emorec::ops {
namespace {

using test::error_of;
using test::rel_error;

struct Case {
  int64_t b, rows_per_user, k, d, m, r;
  bool indexed, mean_score, mean_reduce, skewed;
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << "B=" << c.b << " rows/user=" << c.rows_per_user << " K=" << c.k << " D=" << c.d << " M=" << c.m
            << " R=" << c.r << (c.indexed ? " indexed" : " dense") << (c.skewed ? " skewed" : "");
}

struct Inputs {
  torch::Tensor user, rel_table, rel_idx, x, x_idx;
  std::optional<torch::Tensor> index() const { return x_idx.defined() ? std::optional(x_idx) : std::nullopt; }
  Inputs to(torch::Device device, torch::Dtype dtype) const {
    auto f = [&](const torch::Tensor& t) { return t.defined() ? t.to(device, dtype) : t; };
    auto i = [&](const torch::Tensor& t) { return t.defined() ? t.to(device) : t; };
    return {f(user), f(rel_table), i(rel_idx), f(x), i(x_idx)};
  }
};

Inputs make_inputs(const Case& c, uint64_t seed) {
  torch::manual_seed(seed);
  const int64_t n = c.b * c.rows_per_user;
  Inputs in;
  in.user = torch::randn({c.b, c.d}, torch::kDouble);
  in.rel_table = torch::randn({c.r, c.d}, torch::kDouble);
  in.rel_idx = torch::randint(0, c.r, {n, c.k}, torch::kLong);
  if (c.indexed) {
    in.x = torch::randn({c.m, c.d}, torch::kDouble);
    in.x_idx = test::random_indices(n * c.k, c.m, c.skewed).view({n, c.k});
    if (n > 0 && c.k > 1) in.x_idx.index_put_({0, 1}, in.x_idx.index({0, 0}));  // a duplicate within a row
  } else {
    in.x = torch::randn({n, c.k, c.d}, torch::kDouble);
  }
  return in;
}

NeighborAggregateOptions options_of(const Case& c) {
  return {c.mean_score ? NeighborScore::kMeanDot : NeighborScore::kDot,
          c.mean_reduce ? NeighborReduce::kMean : NeighborReduce::kSum};
}

const std::vector<Case> kCases = {
    {4, 1, 8, 16, 50, 7, true, true, true, false},      // KGCN first hop; B*R <= N*K: scores via user @ R^T
    {4, 8, 8, 16, 50, 7, false, true, true, false},     // KGCN second hop (dense)
    {3, 2, 1, 5, 9, 2, true, false, false, false},      // K=1, D not a multiple of 4
    {2, 3, 5, 37, 11, 40, false, false, true, false},   // D not a multiple of 32; B*R > N*K: per-row dots
    {5, 1, 16, 64, 1000, 60, true, true, false, true},  // skewed indices: a few table rows take most entries
    {6, 2, 3, 33, 20, 500, true, false, true, true},    // many relations: per-row dots, sorted gradients
    {0, 1, 4, 8, 10, 3, true, true, true, false},       // empty N
    {1, 40, 4, 128, 30, 5, true, true, true, false},    // one user with many rows
    // Wide rows: several 16-byte packs per lane (D=300), several tiles (D=520), the scalar path (D=130). Wide
    // rows take the mean score: a plain dot over 520 N(0,1) products saturates the softmax, and float32
    // gradients of a saturated softmax carry no relative accuracy.
    {2, 2, 3, 300, 10, 3, true, true, true, false},
    {2, 2, 3, 520, 10, 3, false, true, false, false},
    {1, 4, 2, 130, 7, 2, true, true, false, false},
    // Long segments: 160 entries into a 2-row table, and one user's 160 entries with B*R > N*K.
    {1, 40, 4, 8, 2, 200, true, true, true, false},
};

class NeighborAggregateOp : public test::DeviceTest {};

// float32 storage against a float64 composite: relative error a few float32 ulps times the depth of the sums.
constexpr double kFloatTol = 1e-5;

TEST_P(NeighborAggregateOp, ForwardMatchesTheCompositeAndTheCpuBackend) {
  for (const auto& c : kCases) {
    const auto in = make_inputs(c, 11);
    const auto ref = neighbor_aggregate_composite(in.user, in.rel_table, in.rel_idx, in.x, in.index(), options_of(c));
    const auto f32 = in.to(device(), torch::kFloat);
    const auto out = neighbor_aggregate(f32.user, f32.rel_table, f32.rel_idx, f32.x, f32.index(), options_of(c));
    ASSERT_EQ(out.sizes(), ref.sizes()) << c;
    EXPECT_EQ(out.device(), device());
    EXPECT_LT(rel_error(out, ref), kFloatTol) << c;
    if (on_cuda()) {
      const auto cpu = in.to(torch::kCPU, torch::kFloat);
      const auto oracle = neighbor_aggregate(cpu.user, cpu.rel_table, cpu.rel_idx, cpu.x, cpu.index(), options_of(c));
      EXPECT_LT(rel_error(out, oracle), kFloatTol) << c;
    }
  }
}

TEST_P(NeighborAggregateOp, GradientsMatchTheCompositesAutograd) {
  for (const auto& c : kCases) {
    auto in = make_inputs(c, 12).to(device(), torch::kFloat);
    auto ref_in = in.to(torch::kCPU, torch::kDouble);
    for (auto* t : {&in.user, &in.rel_table, &in.x, &ref_in.user, &ref_in.rel_table, &ref_in.x}) {
      t->set_requires_grad(true);
    }
    const int64_t n = c.b * c.rows_per_user;
    const auto weights = torch::randn({n, c.d}, torch::kDouble);
    if (n == 0) {  // nothing to aggregate: every gradient is zero (the composite returns a constant here)
      neighbor_aggregate(in.user, in.rel_table, in.rel_idx, in.x, in.index(), options_of(c)).sum().backward();
      EXPECT_EQ(in.x.grad().abs().sum().item<double>(), 0.0) << c;
      EXPECT_EQ(in.user.grad().abs().sum().item<double>(), 0.0) << c;
      continue;
    }
    (neighbor_aggregate(in.user, in.rel_table, in.rel_idx, in.x, in.index(), options_of(c)) * weights.to(in.x.options()))
        .sum()
        .backward();
    (neighbor_aggregate_composite(ref_in.user, ref_in.rel_table, ref_in.rel_idx, ref_in.x, ref_in.index(),
                                  options_of(c)) *
     weights)
        .sum()
        .backward();
    EXPECT_LT(rel_error(in.user.grad(), ref_in.user.grad()), 1e-4) << "user, " << c;
    EXPECT_LT(rel_error(in.rel_table.grad(), ref_in.rel_table.grad()), 1e-4) << "rel_table, " << c;
    EXPECT_LT(rel_error(in.x.grad(), ref_in.x.grad()), 1e-5) << "x, " << c;
  }
}

TEST_P(NeighborAggregateOp, GradientsOfOneInputOnly) {
  const Case c = kCases[0];
  auto in = make_inputs(c, 13).to(device(), torch::kFloat);
  in.x.set_requires_grad(true);  // user and rel_table frozen: their gradients are skipped
  neighbor_aggregate(in.user, in.rel_table, in.rel_idx, in.x, in.index(), options_of(c)).sum().backward();
  EXPECT_TRUE(in.x.grad().defined());
  EXPECT_FALSE(in.user.grad().defined());
}

TEST_P(NeighborAggregateOp, HalfPrecisionStorageOnCuda) {
  if (!on_cuda()) GTEST_SKIP() << "float16/bfloat16 storage is a CUDA feature; the CPU computes in float32/64";
  for (auto dtype : {torch::kHalf, torch::kBFloat16}) {
    for (const auto& c : kCases) {
      const auto in = make_inputs(c, 14);
      const auto h = in.to(device(), dtype);
      const auto out = neighbor_aggregate(h.user, h.rel_table, h.rel_idx, h.x, h.index(), options_of(c));
      // The reference sees the same rounded inputs; what remains is the output's rounding (bf16: 2^-8).
      const auto r = h.to(torch::kCPU, torch::kDouble);
      const auto ref = neighbor_aggregate_composite(r.user, r.rel_table, r.rel_idx, r.x, r.index(), options_of(c));
      EXPECT_EQ(out.scalar_type(), dtype);
      EXPECT_LT(rel_error(out, ref), dtype == torch::kHalf ? 2e-3 : 1e-2) << c << " " << dtype;
    }
  }
}

TEST_P(NeighborAggregateOp, HalfPrecisionGradientsOnCuda) {
  if (!on_cuda()) GTEST_SKIP() << "float16/bfloat16 storage is a CUDA feature; the CPU computes in float32/64";
  for (auto dtype : {torch::kHalf, torch::kBFloat16}) {
    for (const auto& c : kCases) {
      const int64_t n = c.b * c.rows_per_user;
      if (n == 0) continue;
      auto h = make_inputs(c, 15).to(device(), dtype);
      auto r = h.to(torch::kCPU, torch::kDouble);
      for (auto* t : {&h.user, &h.rel_table, &h.x, &r.user, &r.rel_table, &r.x}) t->set_requires_grad(true);
      const auto weights = torch::randn({n, c.d}, torch::kDouble);
      (neighbor_aggregate(h.user, h.rel_table, h.rel_idx, h.x, h.index(), options_of(c)) * weights.to(h.x.options()))
          .sum()
          .backward();
      (neighbor_aggregate_composite(r.user, r.rel_table, r.rel_idx, r.x, r.index(), options_of(c)) * weights)
          .sum()
          .backward();
      // Half-precision grad_out and gradients: a few output roundings (bf16: 2^-8 each) over sums in float32.
      const double tol = dtype == torch::kHalf ? 5e-3 : 3e-2;
      EXPECT_LT(rel_error(h.x.grad(), r.x.grad()), tol) << "x, " << c << " " << dtype;
      EXPECT_LT(rel_error(h.user.grad(), r.user.grad()), tol) << "user, " << c << " " << dtype;
      EXPECT_LT(rel_error(h.rel_table.grad(), r.rel_table.grad()), tol) << "rel_table, " << c << " " << dtype;
    }
  }
}

TEST(NeighborAggregateCpu, GradientsMatchFiniteDifferencesInFloat64) {
  // Both score paths (B*R <= N*K through the [B,R] product, and per-row dots) and both x forms.
  for (const Case& c : {Case{2, 2, 3, 5, 6, 3, true, true, true, false}, Case{2, 2, 3, 5, 6, 9, false, false, false, false},
                        Case{1, 3, 1, 4, 2, 30, true, false, true, false}}) {
    auto in = make_inputs(c, 3);
    for (auto* t : {&in.user, &in.rel_table, &in.x}) t->set_requires_grad(true);
    // central differences in float64: truncation ~eps^2, rounding ~1e-16/eps = 1e-10.
    test::expect_gradients_match_finite_differences(
        [&] { return neighbor_aggregate(in.user, in.rel_table, in.rel_idx, in.x, in.index(), options_of(c)); },
        {&in.user, &in.rel_table, &in.x}, 1e-6, 1e-7);
  }
}

TEST(NeighborAggregateCpu, InferenceModeSkipsAutograd) {
  const auto in = make_inputs(kCases[0], 4).to(torch::kCPU, torch::kFloat);
  c10::InferenceMode guard;
  const auto out = neighbor_aggregate(in.user, in.rel_table, in.rel_idx, in.x, in.index());
  EXPECT_FALSE(out.requires_grad());
  EXPECT_EQ(out.size(0), 4);
}

TEST(NeighborAggregateCpu, RejectsBadInputsNamingTheArgument) {
  const Case c{2, 1, 3, 4, 5, 3, true, true, true, false};
  const auto in = make_inputs(c, 1).to(torch::kCPU, torch::kFloat);
  auto message = [&](const std::function<void()>& f) { return error_of(f); };
  auto call = [&](const torch::Tensor& u, const torch::Tensor& r, const torch::Tensor& ri, const torch::Tensor& x,
                  const std::optional<torch::Tensor>& xi) { neighbor_aggregate(u, r, ri, x, xi); };
  const std::vector<std::pair<std::string, std::function<void()>>> cases = {
      {"user must be [B,D]", [&] { call(in.user.view({-1}), in.rel_table, in.rel_idx, in.x, in.x_idx); }},
      {"rel_idx must be an int64", [&] { call(in.user, in.rel_table, in.rel_idx.to(torch::kInt), in.x, in.x_idx); }},
      {"x_idx must be int64 with the shape of rel_idx",
       [&] { call(in.user, in.rel_table, in.rel_idx, in.x, in.x_idx.narrow(1, 0, 2)); }},
      {"rel_table must be [R,D]", [&] { call(in.user, in.rel_table.narrow(1, 0, 3), in.rel_idx, in.x, in.x_idx); }},
      {"x must be [N,K,D]", [&] { call(in.user, in.rel_table, in.rel_idx, in.x, std::nullopt); }},
      {"is not a multiple of B=3",
       [&] { call(in.user.narrow(0, 0, 1).repeat({3, 1}), in.rel_table, in.rel_idx, in.x, in.x_idx); }},
      {"x has dtype Double but user has Float", [&] { call(in.user, in.rel_table, in.rel_idx, in.x.to(torch::kDouble), in.x_idx); }},
      {"user must be float32 or float64 on the CPU, got Half",
       [&] { call(in.user.to(torch::kHalf), in.rel_table.to(torch::kHalf), in.rel_idx, in.x.to(torch::kHalf), in.x_idx); }},
      {"x_idx holds index 5 outside [0, 5) (rows of x)",
       [&] { call(in.user, in.rel_table, in.rel_idx, in.x, in.x_idx.clone().index_put_({1, 2}, 5)); }},
      {"rel_idx holds index -1 outside [0, 3) (rows of rel_table)",
       [&] { call(in.user, in.rel_table, in.rel_idx.clone().index_put_({0, 0}, -1), in.x, in.x_idx); }},
      {"rel_idx must have K >= 1", [&] {
         call(in.user, in.rel_table, in.rel_idx.narrow(1, 0, 0), in.x, in.x_idx.narrow(1, 0, 0));
       }},
  };
  for (const auto& [expected, f] : cases) {
    const auto got = message(f);
    EXPECT_NE(got.find(expected), std::string::npos) << "expected \"" << expected << "\", got \"" << got << "\"";
    EXPECT_NE(got.find("emorec::neighbor_aggregate"), std::string::npos) << got;
  }
}

INSTANTIATE_TEST_SUITE_P(Devices, NeighborAggregateOp, ::testing::Values("cpu", "cuda"), test::device_name);

}  // namespace
}  // namespace emorec::ops

// emorec::multimodal_fuse on every device: each mode, dense and indexed modalities (entities without
// modalities, table rows shared by several entities), forward and gradients against the plain-LibTorch
// composite, finite differences in float64 on the CPU, half-precision storage on CUDA, input validation.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "ops/multimodal_fuse.h"
#include "ops/composite/composite.h"
#include "unit/ops/ops_test_util.h"

namespace emorec::ops {
namespace {

using test::error_of;
using test::rel_error;

const std::vector<FuseMode> kModes = {FuseMode::kSum, FuseMode::kMean, FuseMode::kMax, FuseMode::kConcat,
                                      FuseMode::kResidual};

struct FuseInputs {
  torch::Tensor entity, modal, index, weight, bias;
  std::optional<torch::Tensor> modal_index() const { return index.defined() ? std::optional(index) : std::nullopt; }
  std::optional<torch::Tensor> w(FuseMode m) const { return m == FuseMode::kResidual ? std::optional(weight) : std::nullopt; }
  std::optional<torch::Tensor> b(FuseMode m) const { return m == FuseMode::kResidual ? std::optional(bias) : std::nullopt; }
  FuseInputs to(torch::Device device, torch::Dtype dtype) const {
    return {entity.to(device, dtype), modal.to(device, dtype), index.defined() ? index.to(device) : index,
            weight.to(device, dtype), bias.to(device, dtype)};
  }
  std::vector<torch::Tensor*> floats() { return {&entity, &modal, &weight, &bias}; }
};

// n rows, m modalities of width d; indexed: a table of `items` rows, every third entity without modalities.
FuseInputs make_inputs(int64_t n, int64_t m, int64_t d, bool indexed, int64_t items, uint64_t seed) {
  torch::manual_seed(seed);
  FuseInputs in;
  in.entity = torch::randn({n, d}, torch::kDouble);
  in.weight = torch::randn({d, d}, torch::kDouble) / std::sqrt(static_cast<double>(d));
  in.bias = torch::randn({d}, torch::kDouble);
  if (!indexed) {
    in.modal = torch::randn({n, m, d}, torch::kDouble);
    return in;
  }
  in.modal = torch::randn({items, m, d}, torch::kDouble);
  in.index = torch::randint(0, items, {n}, torch::kLong);
  for (int64_t i = 0; i < n; i += 3) in.index[i] = -1;
  return in;
}

struct Shape {
  int64_t n, m, d, items;
  bool indexed;
};

const std::vector<Shape> kShapes = {
    {10, 3, 16, 0, false}, {7, 1, 5, 0, false}, {12, 7, 37, 4, true}, {30, 2, 64, 3, true}, {0, 2, 8, 0, false},
};

class MultimodalFuseOp : public test::DeviceTest {};

TEST_P(MultimodalFuseOp, ForwardAndGradientsMatchTheComposite) {
  for (const auto& s : kShapes) {
    for (auto mode : kModes) {
      const auto base = make_inputs(s.n, s.m, s.d, s.indexed, s.items, 21);
      auto in = base.to(device(), torch::kFloat);
      auto ref = base;
      for (auto* t : in.floats()) t->set_requires_grad(true);
      for (auto* t : ref.floats()) t->set_requires_grad(true);
      const auto out = multimodal_fuse(in.entity, in.modal, in.modal_index(), mode, in.w(mode), in.b(mode));
      const auto expect = multimodal_fuse_composite(ref.entity, ref.modal, ref.modal_index(), mode, ref.w(mode), ref.b(mode));
      ASSERT_EQ(out.sizes(), expect.sizes()) << fuse_mode_name(mode);
      // float32 against float64: sums of at most 8 terms (and one D-long product for residual).
      EXPECT_LT(rel_error(out, expect), 1e-6) << fuse_mode_name(mode) << " n=" << s.n << " d=" << s.d;
      if (s.n == 0) continue;
      const auto weights = torch::randn(expect.sizes(), torch::kDouble);
      (out * weights.to(out.options())).sum().backward();
      (expect * weights).sum().backward();
      EXPECT_LT(rel_error(in.entity.grad(), ref.entity.grad()), 1e-6) << "entity, " << fuse_mode_name(mode);
      EXPECT_LT(rel_error(in.modal.grad(), ref.modal.grad()), 1e-6) << "modal, " << fuse_mode_name(mode);
      if (mode == FuseMode::kResidual) {
        EXPECT_LT(rel_error(in.weight.grad(), ref.weight.grad()), 1e-5);
        EXPECT_LT(rel_error(in.bias.grad(), ref.bias.grad()), 1e-5);
      }
    }
  }
}

TEST_P(MultimodalFuseOp, RowsWithoutModalitiesFuseTheEntityAlone) {
  auto in = make_inputs(6, 2, 4, true, 3, 22).to(device(), torch::kFloat);
  in.index.fill_(-1);
  EXPECT_TRUE(torch::equal(multimodal_fuse(in.entity, in.modal, in.modal_index(), FuseMode::kMean), in.entity));
  EXPECT_TRUE(torch::equal(multimodal_fuse(in.entity, in.modal, in.modal_index(), FuseMode::kMax), in.entity));
  const auto concat = multimodal_fuse(in.entity, in.modal, in.modal_index(), FuseMode::kConcat);
  EXPECT_TRUE(torch::equal(concat.narrow(1, 0, 4), in.entity));
  EXPECT_EQ(concat.narrow(1, 4, 8).abs().sum().item<float>(), 0.f);
  // An empty modality table (no entity has modalities) is valid too.
  const auto empty = in.modal.narrow(0, 0, 0);
  for (auto mode : kModes) {
    if (mode == FuseMode::kResidual) continue;
    const auto out = multimodal_fuse(in.entity, empty, in.modal_index(), mode);
    const auto expect = multimodal_fuse_composite(in.entity, empty, in.modal_index(), mode);
    EXPECT_TRUE(torch::equal(out, expect)) << fuse_mode_name(mode);
  }
}

TEST_P(MultimodalFuseOp, MaxPropagatesNanAsTheCompositeDoes) {
  // torch.max propagates NaN; the fused max does too, and its gradient goes to the first NaN operand.
  auto base = make_inputs(4, 3, 5, false, 0, 24);
  const double nan = std::nan("");
  base.entity[0][1] = nan;               // the entity itself
  base.modal[2][1][3] = nan;             // a modality, with a number in the entity
  base.modal[3][0][2] = nan, base.modal[3][2][2] = nan;  // two NaNs: the first wins
  auto in = base.to(device(), torch::kFloat);
  auto ref = base;
  for (auto* t : {&in.entity, &in.modal, &ref.entity, &ref.modal}) t->set_requires_grad(true);
  const auto out = multimodal_fuse(in.entity, in.modal, std::nullopt, FuseMode::kMax);
  const auto expect = multimodal_fuse_composite(ref.entity, ref.modal, std::nullopt, FuseMode::kMax);
  EXPECT_TRUE(torch::equal(out.isnan().cpu(), expect.isnan())) << out << expect;
  EXPECT_EQ(out.isnan().sum().item<int64_t>(), 3);
  EXPECT_TRUE(torch::allclose(out.cpu().to(torch::kDouble), expect, 1e-6, 1e-6, /*equal_nan=*/true));
  const auto weights = torch::randn(expect.sizes(), torch::kDouble);
  (out * weights.to(out.options())).sum().backward();
  (expect * weights).sum().backward();
  EXPECT_LT(rel_error(in.entity.grad(), ref.entity.grad()), 1e-6);
  EXPECT_LT(rel_error(in.modal.grad(), ref.modal.grad()), 1e-6);
  EXPECT_NE(in.modal.grad()[3][0][2].item<float>(), 0.f);
  EXPECT_EQ(in.modal.grad()[3][2][2].item<float>(), 0.f);
}

TEST_P(MultimodalFuseOp, HalfPrecisionStorageOnCuda) {
  if (!on_cuda()) GTEST_SKIP() << "float16/bfloat16 storage is a CUDA feature; the CPU computes in float32/64";
  for (auto dtype : {torch::kHalf, torch::kBFloat16}) {
    for (auto mode : kModes) {
      const auto h = make_inputs(40, 4, 64, true, 9, 23).to(device(), dtype);
      const auto r = h.to(torch::kCPU, torch::kDouble);
      const auto out = multimodal_fuse(h.entity, h.modal, h.modal_index(), mode, h.w(mode), h.b(mode));
      const auto expect = multimodal_fuse_composite(r.entity, r.modal, r.modal_index(), mode, r.w(mode), r.b(mode));
      EXPECT_LT(rel_error(out, expect), dtype == torch::kHalf ? 2e-3 : 1e-2) << fuse_mode_name(mode) << " " << dtype;
    }
  }
}

TEST(MultimodalFuseCpu, GradientsMatchFiniteDifferencesInFloat64) {
  for (bool indexed : {false, true}) {
    for (auto mode : kModes) {
      auto in = make_inputs(5, 2, 3, indexed, 2, 24);
      for (auto* t : in.floats()) t->set_requires_grad(true);
      std::vector<torch::Tensor*> inputs = {&in.entity, &in.modal};
      if (mode == FuseMode::kResidual) inputs.insert(inputs.end(), {&in.weight, &in.bias});
      // max is piecewise linear: random inputs keep every element away from a tie by far more than eps.
      test::expect_gradients_match_finite_differences(
          [&] { return multimodal_fuse(in.entity, in.modal, in.modal_index(), mode, in.w(mode), in.b(mode)); },
          inputs, 1e-6, 1e-7);
    }
  }
}

TEST(MultimodalFuseCpu, RejectsBadInputsNamingTheArgument) {
  const auto in = make_inputs(4, 2, 3, true, 2, 25).to(torch::kCPU, torch::kFloat);
  const std::vector<std::pair<std::string, std::function<void()>>> cases = {
      {"entity must be [N,D]", [&] { multimodal_fuse(in.entity.view({-1}), in.modal, in.modal_index(), FuseMode::kSum); }},
      {"modal must be [rows,M,D] with M >= 1 and D=3",
       [&] { multimodal_fuse(in.entity, in.modal.narrow(2, 0, 2), in.modal_index(), FuseMode::kSum); }},
      {"modal must have N=4 rows without modal_index", [&] { multimodal_fuse(in.entity, in.modal, std::nullopt, FuseMode::kSum); }},
      {"modal_index holds index 2 outside [-1, 2)",
       [&] { multimodal_fuse(in.entity, in.modal, in.index.clone().fill_(2), FuseMode::kSum); }},
      {"modal_index must be int64", [&] { multimodal_fuse(in.entity, in.modal, in.index.to(torch::kInt), FuseMode::kSum); }},
      {"the residual mode needs weight [D,D] with D=3, got none",
       [&] { multimodal_fuse(in.entity, in.modal, in.modal_index(), FuseMode::kResidual); }},
      {"weight and bias belong to the residual mode only",
       [&] { multimodal_fuse(in.entity, in.modal, in.modal_index(), FuseMode::kMean, in.weight); }},
      {"modal has dtype Double but entity has Float",
       [&] { multimodal_fuse(in.entity, in.modal.to(torch::kDouble), in.modal_index(), FuseMode::kSum); }},
  };
  for (const auto& [expected, f] : cases) {
    const auto got = error_of(f);
    EXPECT_NE(got.find(expected), std::string::npos) << "expected \"" << expected << "\", got \"" << got << "\"";
  }
  EXPECT_NE(error_of([] { parse_fuse_mode("attention"); }).find("known: sum, mean, max, concat, residual"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Devices, MultimodalFuseOp, ::testing::Values("cpu", "cuda"), test::device_name);

}  // namespace
}  // namespace emorec::ops

// The fused Adam (train/fused_adam.h) against LibTorch's Adam, whose state it shares, and the trainer's L2
// gradient (KgModel::add_l2_gradient) against autograd through the L2 term.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <sstream>

#include "data/kg_dataset.h"
#include "models/baselines/bpr_mf.h"
#include "models/registry.h"
#include "run/components.h"
#include "train/fused_adam.h"
#include "train/optimizer.h"

namespace emorec::train {
namespace {

std::vector<torch::Tensor> make_params(uint64_t seed) {
  torch::manual_seed(seed);
  return {torch::randn({7, 5}).requires_grad_(), torch::randn({5}).requires_grad_(),
          torch::randn({3}).requires_grad_()};
}

// Sets the same pseudo-random gradient on both parameter lists (the last parameter gets none at odd steps).
void set_grads(std::vector<torch::Tensor>& a, std::vector<torch::Tensor>& b, int step) {
  torch::manual_seed(1000 + step);
  for (size_t i = 0; i < a.size(); ++i) {
    if (i == 2 && step % 2 == 1) {
      a[i].mutable_grad() = torch::Tensor();
      b[i].mutable_grad() = torch::Tensor();
      continue;
    }
    const auto g = torch::randn(a[i].sizes()) * (i + 1.0);
    a[i].mutable_grad() = g.clone();
    b[i].mutable_grad() = g.clone();
  }
}

// Tolerance: the fused kernel and LibTorch's loop compute the same update in another order of float
// operations; over 30 steps of size ~lr the parameters agree to a few float ulps of their magnitude.
void expect_close(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(torch::allclose(a[i], b[i], /*rtol=*/1e-5, /*atol=*/1e-6))
        << "parameter " << i << ": max |diff| " << (a[i] - b[i]).abs().max().item<double>();
  }
}

TEST(FusedAdam, MatchesLibTorchAdamWithWeightDecay) {
  auto fused_params = make_params(5), loop_params = make_params(5);
  const auto options = torch::optim::AdamOptions(0.01).betas({0.8, 0.99}).weight_decay(0.05);
  FusedAdam fused(fused_params, options);
  torch::optim::Adam loop(loop_params, options);
  for (int s = 0; s < 30; ++s) {
    set_grads(fused_params, loop_params, s);
    fused.step();
    loop.step();
  }
  expect_close(fused_params, loop_params);
  // The parameter without a gradient at odd steps took 15 steps in both.
  const auto& st = static_cast<torch::optim::AdamParamState&>(*fused.state().at(fused_params[2].unsafeGetTensorImpl()));
  EXPECT_EQ(st.step(), 15);
  // And the parameters moved: the comparison is not of two untouched copies.
  EXPECT_GT((fused_params[0] - make_params(5)[0]).abs().max().item<double>(), 0.05);
}

TEST(FusedAdam, FollowsTheLearningRateOfItsGroup) {
  auto a = make_params(6), b = make_params(6);
  FusedAdam fused(a, torch::optim::AdamOptions(0.1));
  torch::optim::Adam loop(b, torch::optim::AdamOptions(0.1));
  set_learning_rate(fused, 0.003);
  set_learning_rate(loop, 0.003);
  for (int s = 0; s < 4; ++s) {
    set_grads(a, b, s);
    fused.step();
    loop.step();
  }
  expect_close(a, b);
}

TEST(FusedAdam, StateRoundTripsThroughLibTorchAdam) {
  auto a = make_params(7), b = make_params(7);
  FusedAdam fused(a, torch::optim::AdamOptions(0.02));
  for (int s = 0; s < 5; ++s) {
    set_grads(a, b, s);
    fused.step();
  }
  // LibTorch's Adam resumes from the fused optimiser's archive (as a checkpoint written by one and read by the
  // other would), and then both take the same steps.
  for (size_t i = 0; i < a.size(); ++i) b[i].detach().copy_(a[i].detach());
  torch::serialize::OutputArchive out;
  fused.save(out);
  std::ostringstream bytes;
  out.save_to(bytes);
  torch::optim::Adam loop(b, torch::optim::AdamOptions(0.02));
  torch::serialize::InputArchive in;
  std::istringstream read(bytes.str());
  in.load_from(read);
  loop.load(in);
  for (int s = 5; s < 12; ++s) {
    set_grads(a, b, s);
    fused.step();
    loop.step();
  }
  expect_close(a, b);
}

TEST(FusedAdam, IsTheDefaultAdamAndCanBeTurnedOff) {
  auto p = torch::zeros({3}, torch::requires_grad());
  config::OptimizerConfig c;
  c.name = "adam";
  c.options = config::make_options<AdamConfig>();
  EXPECT_NE(dynamic_cast<FusedAdam*>(make_optimizer(c, {p}).get()), nullptr);
  AdamConfig plain;
  plain.fused = false;
  c.options = config::make_options(plain);
  auto opt = make_optimizer(c, {p});
  EXPECT_EQ(dynamic_cast<FusedAdam*>(opt.get()), nullptr);
  EXPECT_NE(dynamic_cast<torch::optim::Adam*>(opt.get()), nullptr);
}

// KGCN and BPR-MF on a small synthetic KG: the gradient added by add_l2_gradient after backward() equals the
// gradient autograd computes through weight * l2_term() (the same products in another order of additions).
// Checks that the gradient add_l2_gradient adds after backward() equals the one autograd computes through
// weight * l2_term() (the same products, accumulated in another order).
void expect_l2_gradient_matches(models::KgModel& net, const std::string& what) {
  ASSERT_FALSE(net.l2_parameters().empty()) << what;
  const auto users = torch::tensor({0, 1, 2, 3, 1}, torch::kLong), items = torch::tensor({0, 4, 7, 2, 9}, torch::kLong);
  const auto labels = torch::tensor({1.f, 0.f, 1.f, 0.f, 1.f});
  const double weight = 0.3;  // large, so that the L2 share of every gradient is far above rounding
  models::Batch batch{users, items, labels, 0, 0};
  net.zero_grad();
  (net.loss(batch) + weight * net.l2_term()).backward();
  std::vector<torch::Tensor> expected;
  for (const auto& p : net.parameters()) expected.push_back(p.grad().defined() ? p.grad().clone() : torch::Tensor());
  net.zero_grad();
  net.loss(batch).backward();
  net.add_l2_gradient(weight);
  const auto params = net.parameters();
  for (size_t i = 0; i < params.size(); ++i) {
    ASSERT_EQ(params[i].grad().defined(), expected[i].defined()) << what << " parameter " << i;
    if (!expected[i].defined()) continue;
    EXPECT_TRUE(torch::allclose(params[i].grad(), expected[i], 1e-5, 1e-7)) << what << " parameter " << i;
  }
}

TEST(L2Gradient, EqualsAutogradThroughTheTermForKgcn) {
  auto config = run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_synthetic.yaml",
                                     {"device=cpu", "data.synthetic.users=40", "data.synthetic.items=50"});
  const auto ds = data::load_kg_dataset(config.data, 3);
  auto net = models::model_registry().at(config.model.name).build(config.model.options, ds, 9);
  expect_l2_gradient_matches(*net, config.model.name);
}

TEST(L2Gradient, EqualsAutogradThroughTheTermForBprMf) {
  models::BprMf net(6, 12, 4, {{0, 4}, {7}, {2, 9}, {1}, {}, {3}}, 5);
  expect_l2_gradient_matches(net, "baseline/bpr_mf");
}

}  // namespace
}  // namespace emorec::train

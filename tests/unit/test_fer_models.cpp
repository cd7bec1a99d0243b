// FER models: parameter counts against hand-computed values, output shapes, and one training step.
#include <gtest/gtest.h>

#include "config/experiment.h"
#include "models/fer/fer_registry.h"
#include "models/model_choices.h"
#include "train/autocast.h"

namespace emorec {
namespace {

std::shared_ptr<models::FerModel> build(const std::string& name, int64_t input) {
  const auto& entry = models::fer_model_registry().at(name);
  return entry.build(models::model_choices().entries.at(name).defaults(), input);
}

TEST(FerModels, SeedCnnHasTheSeedSystemsParameterCount) {
  // conv 1->32: 320, 32->64: 18,496, 64->128: 73,856, 128->128: 147,584; dense 2048->1024: 2,098,176, 1024->7: 7,175.
  EXPECT_EQ(models::parameter_count(*build("fer/seed_cnn", 48)), 2345607);
}

TEST(FerModels, VggHasKhaireddinsParameterCount) {
  // Convolutions 4,684,224 + batch-norm scales and shifts 3,840 + FC 2048->4096->4096->7 25,202,695 (40x40 input).
  EXPECT_EQ(models::parameter_count(*build("fer/vgg", 40)), 29890759);
}

TEST(FerModels, EveryModelMapsABatchToSevenLogitsAndLearns) {
  for (const auto& [name, input] : std::vector<std::pair<std::string, int64_t>>{
           {"fer/seed_cnn", 48}, {"fer/vgg", 40}, {"fer/resnet", 48}, {"fer/resnet", 24}}) {
    torch::manual_seed(0);
    auto m = build(name, input);
    const auto x = torch::rand({2, 1, input, input});
    const auto y = torch::tensor({0, 3}, torch::kLong);
    EXPECT_EQ(m->forward(x).sizes(), (std::vector<int64_t>{2, 7})) << name;
    m->eval();  // deterministic (dropout off, running batch-norm statistics)
    torch::optim::SGD opt(m->parameters(), torch::optim::SGDOptions(0.01));
    const double before = torch::cross_entropy_loss(m->forward(x), y).item<double>();
    for (int s = 0; s < 3; ++s) {
      opt.zero_grad();
      torch::cross_entropy_loss(m->forward(x), y).backward();
      opt.step();
    }
    EXPECT_LT(torch::cross_entropy_loss(m->forward(x), y).item<double>(), before) << name;
  }
}

TEST(FerModels, TooSmallInputsAreConfigErrors) {
  EXPECT_THROW(build("fer/seed_cnn", 23), std::exception);
  EXPECT_NO_THROW(build("fer/seed_cnn", 24));
  EXPECT_THROW(build("fer/vgg", 8), std::exception);
}

TEST(Autocast, GuardRunsConvolutionsInBfloat16AndRestores) {
  torch::nn::Conv2d conv(torch::nn::Conv2dOptions(1, 4, 3));
  const auto x = torch::rand({2, 1, 8, 8});
  {
    train::AutocastGuard amp(torch::kCPU, true);
    EXPECT_EQ(conv(x).scalar_type(), torch::kBFloat16);
  }
  EXPECT_EQ(conv(x).scalar_type(), torch::kFloat);
  train::AutocastGuard off(torch::kCPU, false);
  EXPECT_EQ(conv(x).scalar_type(), torch::kFloat);
}

}  // namespace
}  // namespace emorec

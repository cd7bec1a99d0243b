// Registries (by-name choice of data sets, models, optimisers, schedules) and the schedules' values.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/error.h"
#include "core/registry.h"
#include "data/dataset_registry.h"
#include "data/fer/fer_dataset.h"
#include "data/kg_dataset.h"
#include "data/kg_modalities.h"
#include "data/loader_options.h"
#include "data/tracks/tracks_dataset.h"
#include "models/audio/audio_registry.h"
#include "models/fer/fer_registry.h"
#include "models/model_choices.h"
#include "models/registry.h"
#include "models/tracks/tracks_registry.h"
#include "run/task_registry.h"
#include "train/optimizer.h"
#include "train/schedule.h"

namespace emorec {
namespace {

TEST(Registry, UnknownNameListsKnownOnes) {
  Registry<int> r("widget");
  r.add("b", 2).add("a", 1);
  EXPECT_EQ(r.at("a"), 1);
  EXPECT_EQ(r.names(), (std::vector<std::string>{"a", "b"}));
  try {
    r.at("c");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "unknown widget \"c\" (known: a, b)");
  }
  EXPECT_THROW(r.add("a", 3), std::logic_error);
}

TEST(Registry, ComponentsAreRegistered) {
  EXPECT_EQ(models::model_names(),
            (std::vector<std::string>{"audio/crnn", "audio/short_chunk_resnet", "audio/spectral_stats",
                                      "baseline/bpr_mf", "baseline/item_knn", "baseline/popularity",
                                      "baseline/positive_rate", "fer/resnet", "fer/seed_cnn", "fer/vgg",
                                      "kg/kgcn", "kg/mkgcn", "tracks/kmeans", "tracks/logistic",
                                      "tracks/majority", "tracks/mlp"}));
  EXPECT_EQ(train::optimizer_names(), (std::vector<std::string>{"adam", "sgd"}));
  EXPECT_EQ(train::schedule_names(), (std::vector<std::string>{"constant", "cosine", "plateau", "step"}));
  EXPECT_TRUE(data::dataset_registry().contains("fer2013"));
  EXPECT_EQ(data::trainable_dataset_names(),
            (std::vector<std::string>{"audio-mma", "fer2013", "kgcn-lastfm", "magnatagatune", "mkgcn-music-d",
                                      "mtg-jamendo", "spotify-moods", "synthetic"}));
  EXPECT_EQ(data::dataset_registry().at("kgcn-lastfm").files.size(), 3u);
}

// The names, keys and descriptions that configs read (no LibTorch) and the builds are kept apart; every
// registry that builds checks, when it is made, that it builds exactly the names offered.
TEST(Registry, TheBuildsCoverExactlyTheChoicesOffered) {
  EXPECT_NO_THROW(models::model_registry());
  EXPECT_NO_THROW(models::fer_model_registry());
  EXPECT_NO_THROW(models::track_model_registry());
  EXPECT_NO_THROW(models::audio_model_registry());
  EXPECT_NO_THROW(data::kg_loaders());
  EXPECT_NO_THROW(data::image_loaders());
  EXPECT_NO_THROW(data::tracks_loaders());
  size_t built = models::model_registry().names().size() + models::fer_model_registry().names().size() +
                 models::track_model_registry().names().size() +
                 models::audio_model_registry().names().size();
  EXPECT_EQ(built, models::model_choices().entries.size());
  // A mismatch names both lists.
  try {
    config::expect_same_names(models::model_choices(), "images", {"fer/seed_cnn", "fer/vgg"});
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "the model choices of family images (fer/resnet, fer/seed_cnn, fer/vgg) and the builds "
                           "registered (fer/seed_cnn, fer/vgg) differ");
  }
  EXPECT_THROW(data::expect_loader_options({{"fer2013", &typeid(data::TracksDataConfig)}}), std::logic_error);
  EXPECT_THROW(data::loader_options("no-such-loader"), std::logic_error);
}

TEST(Registry, EveryTrainableDataSetNamesARegisteredLoaderAndTask) {
  size_t trainable = 0;
  for (const auto& [name, info] : data::dataset_registry().entries()) {
    if (!info.trainable) {
      EXPECT_TRUE(info.loader.empty() && info.task.empty()) << name;
      continue;
    }
    ++trainable;
    ASSERT_TRUE(run::task_registry().contains(info.task)) << name << ": task " << info.task;
    // Each kind has its task and its loaders.
    const std::map<std::string, std::string> task_of = {{"kg", "kg_ctr"},
                                                        {"images", "image_classification"},
                                                        {"tracks", "track_classification"},
                                                        {"audio", "audio_tagging"}};
    ASSERT_TRUE(task_of.count(info.kind)) << name << ": kind " << info.kind;
    EXPECT_EQ(info.task, task_of.at(info.kind)) << name;
    const bool loader = info.kind == "kg"       ? data::kg_loaders().contains(info.loader)
                        : info.kind == "images" ? data::image_loaders().contains(info.loader)
                        : info.kind == "audio"
                            ? info.loader == "audio"  // one loader: data/audio/audio_dataset.h
                            : data::tracks_loaders().contains(info.loader);
    EXPECT_TRUE(loader) << name << ": loader " << info.loader;
  }
  EXPECT_EQ(trainable, 8u);
  EXPECT_EQ(data::dataset_registry().at("synthetic").loader, "synthetic-kg");
  EXPECT_EQ(data::modality_sources().at("lastfm-tags").dataset, "kgcn-lastfm");
}

TEST(Registry, OptimizersAreBuiltByName) {
  auto p = torch::zeros({3}, torch::requires_grad());
  config::OptimizerConfig c;
  c.name = "sgd", c.lr = 0.5, c.options = config::make_options(train::SgdConfig{0.0, false});
  auto opt = train::make_optimizer(c, {p});
  EXPECT_NE(dynamic_cast<torch::optim::SGD*>(opt.get()), nullptr);
  // One SGD step on loss = sum(p * [1,2,3]) moves p by -lr * grad.
  (p * torch::tensor({1.f, 2.f, 3.f})).sum().backward();
  opt->step();
  EXPECT_TRUE(torch::allclose(p.detach(), torch::tensor({-0.5f, -1.f, -1.5f})));
  c.name = "adam", c.options = config::make_options<train::AdamConfig>();
  EXPECT_NE(dynamic_cast<torch::optim::Adam*>(train::make_optimizer(c, {p}).get()), nullptr);
  train::set_learning_rate(*opt, 0.125);
  EXPECT_DOUBLE_EQ(opt->param_groups()[0].options().get_lr(), 0.125);
}

TEST(Registry, SchedulesGiveTheDocumentedRates) {
  config::ScheduleConfig s;
  s.name = "constant", s.options = config::make_options<config::NoOptions>();
  EXPECT_DOUBLE_EQ(train::scheduled_lr(s, 0.1, 7, 10), 0.1);
  s.name = "step", s.options = config::make_options(train::StepSchedule{3, 0.5});
  EXPECT_DOUBLE_EQ(train::scheduled_lr(s, 0.1, 2, 10), 0.1);
  EXPECT_DOUBLE_EQ(train::scheduled_lr(s, 0.1, 3, 10), 0.05);
  EXPECT_DOUBLE_EQ(train::scheduled_lr(s, 0.1, 6, 10), 0.025);
  s.name = "cosine", s.options = config::make_options(train::CosineSchedule{0.01});
  EXPECT_DOUBLE_EQ(train::scheduled_lr(s, 0.1, 0, 4), 0.1);
  EXPECT_NEAR(train::scheduled_lr(s, 0.1, 2, 4), 0.055, 1e-12);  // half-way: the mean of 0.1 and 0.01
  EXPECT_NEAR(train::scheduled_lr(s, 0.1, 3, 4), 0.01 + 0.09 * 0.5 * (1 + std::cos(M_PI * 0.75)), 1e-12);
  EXPECT_GT(train::scheduled_lr(s, 0.1, 0, 1), 0.0);
}

}  // namespace
}  // namespace emorec

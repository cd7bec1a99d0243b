// The strict config loader: every error class with its message, overrides, defaults, round trip, and the
// committed configs and docs.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>

#include "config/experiment.h"
#include "core/error.h"
#include "data/fer/image_data_config.h"
#include "data/kg_data_config.h"
#include "models/baselines/item_knn.h"
#include "models/kg/kgcn_config.h"
#include "run/components.h"
#include "run/run_config.h"
#include "test_util.h"
#include "train/optimizer.h"
#include "train/schedule.h"

namespace emorec::config {
namespace {

using run::experiment_reference;
using run::experiment_to_yaml;
using run::load_experiment;
using run::parse_experiment;

const models::KgcnConfig& kgcn(const ExperimentConfig& c) { return c.model.options.as<models::KgcnConfig>(); }
const data::LastfmDataConfig& lastfm(const ExperimentConfig& c) { return c.data.options.as<data::LastfmDataConfig>(); }

const char* kMinimal =
    "experiment: demo\n"        // 1
    "data:\n"                   // 2
    "  dataset: kgcn-lastfm\n"  // 3
    "model:\n"                  // 4
    "  name: kg/kgcn\n"         // 5
    "train:\n"                  // 6
    "  epochs: 3\n"             // 7
    "  optimizer:\n"            // 8
    "    lr: 0.01\n";           // 9

// The ConfigError message of parsing `yaml` (fails the test if it parses).
std::string error_of(const std::string& yaml, const std::vector<std::string>& sets = {}) {
  try {
    parse_experiment(yaml, "configs/kg/x.yaml", sets);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return "";
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(Config, MinimalFileGetsDefaultsFromCode) {
  const auto c = parse_experiment(kMinimal, "x.yaml");
  EXPECT_EQ(c.experiment, "demo");
  EXPECT_EQ(c.train.epochs, 3);
  EXPECT_DOUBLE_EQ(c.train.optimizer.lr, 0.01);
  EXPECT_EQ(c.train.batch_size, 128);
  EXPECT_EQ(kgcn(c).aggregator, models::KgcnAggregator::kSum);
  EXPECT_EQ(c.device, "auto");
  EXPECT_EQ(lastfm(c).split, (std::vector<double>{0.6, 0.2, 0.2}));
  EXPECT_FALSE(c.reference.auc.has_value());
}

TEST(Config, WrongTypeNamesFileLineAndKeyPath) {
  EXPECT_EQ(error_of(replace(kMinimal, "lr: 0.01", "lr: fast")),
            "configs/kg/x.yaml:9: train.optimizer.lr: expected a positive number, got \"fast\"");
  EXPECT_EQ(error_of(replace(kMinimal, "epochs: 3", "epochs: 2.5")),
            "configs/kg/x.yaml:7: train.epochs: expected an integer in [1, 100000], got \"2.5\"");
  EXPECT_EQ(error_of(replace(kMinimal, "epochs: 3", "epochs: [1, 2]")),
            "configs/kg/x.yaml:7: train.epochs: expected an integer in [1, 100000], got a list");
  EXPECT_EQ(error_of(std::string(kMinimal) + "eval:\n  threshold: no\n"),
            "configs/kg/x.yaml:11: eval.threshold: expected a number in [0, 1], got \"no\"");
  EXPECT_EQ(error_of(std::string(kMinimal) + "eval: 3\n"),
            "configs/kg/x.yaml:10: eval: expected a mapping, got \"3\"");
}

TEST(Config, ValueOutOfRange) {
  EXPECT_EQ(error_of(replace(kMinimal, "lr: 0.01", "lr: -1")),
            "configs/kg/x.yaml:9: train.optimizer.lr: expected a positive number, got \"-1\"");
  EXPECT_EQ(error_of(replace(kMinimal, "epochs: 3", "epochs: 0")),
            "configs/kg/x.yaml:7: train.epochs: expected an integer in [1, 100000], got \"0\"");
  EXPECT_EQ(error_of(std::string(kMinimal) + "data2: 1\n").find("configs/kg/x.yaml:10: data2: unknown key"), 0u);
}

TEST(Config, InfinitiesAndOddKeysAreRejected) {
  EXPECT_EQ(error_of(replace(kMinimal, "lr: 0.01", "lr: .inf")),
            "configs/kg/x.yaml:9: train.optimizer.lr: expected a positive number, got \".inf\"");
  EXPECT_EQ(error_of(std::string(kMinimal) + "[1, 2]: 3\n"),
            "configs/kg/x.yaml:10: (document): keys must be plain names, got a list");
  EXPECT_EQ(error_of(kMinimal, {"train={epochs: x}"}),
            "--set train={epochs: x}: train.epochs: expected an integer in [1, 100000], got \"x\"");
  test::TempDir dir;
  EXPECT_THROW(load_experiment(dir.path()), ConfigError);
}

TEST(Config, UnknownKeySuggestsTheClosestKnownOne) {
  const auto msg = error_of(replace(kMinimal, "lr: 0.01", "lrr: 0.01"));
  EXPECT_EQ(msg.rfind("configs/kg/x.yaml:9: train.optimizer.lrr: unknown key for optimizer adam; did you mean \"lr\"?", 0),
            0u)
      << msg;
  EXPECT_NE(msg.find("known keys here:"), std::string::npos);
}

TEST(Config, AKeyOfAnotherComponentIsRejectedNamingTheComponent) {
  // knn_k belongs to baseline/item_knn: kg/kgcn rejects it, and the message names who rejected it.
  const auto msg = error_of(replace(kMinimal, "  name: kg/kgcn\n", "  name: kg/kgcn\n  knn_k: 50\n"));
  EXPECT_EQ(msg.rfind("configs/kg/x.yaml:6: model.knn_k: unknown key for model kg/kgcn (known keys here: ", 0), 0u)
      << msg;
  const auto knn = parse_experiment(replace(kMinimal, "  name: kg/kgcn\n", "  name: baseline/item_knn\n  knn_k: 50\n"),
                                    "x.yaml");
  EXPECT_EQ(knn.model.options.as<models::ItemKnnConfig>().knn_k, 50);
  // Adam has no momentum; the schedule's keys belong to the schedule named.
  EXPECT_NE(error_of(kMinimal, {"train.optimizer.momentum=0.5"}).find("unknown key for optimizer adam"),
            std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"train.schedule.patience=3"}).find("unknown key for schedule constant"),
            std::string::npos);
  EXPECT_NO_THROW(parse_experiment(kMinimal, "x.yaml", {"train.schedule.name=plateau", "train.schedule.patience=3"}));
  // An enumeration's names come from one table: a wrong one lists them.
  EXPECT_EQ(error_of(kMinimal, {"model.aggregator=max"}),
            "--set model.aggregator=max: model.aggregator: unknown aggregator \"max\" (known: sum, concat, neighbor)");
}

TEST(Config, EachDataSetHasItsOwnKeys) {
  // The image keys are fer2013's, the tag threshold is Last.FM's (its built-in tag modality), and the synthetic
  // KG generates its modalities: a key of another data set is an unknown key, named with the data set.
  const auto msg = error_of(kMinimal, {"data.input_size=40"});
  EXPECT_EQ(msg.rfind("--set data.input_size=40: data.input_size: unknown key for dataset kgcn-lastfm", 0), 0u) << msg;
  EXPECT_NE(error_of(kMinimal, {"data.dataset=mkgcn-music-d", "data.tag_min_items=3"})
                .find("data.tag_min_items: unknown key for dataset mkgcn-music-d"),
            std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"data.dataset=synthetic", "data.modalities=[x.tsv]"})
                .find("data.modalities: unknown key for dataset synthetic"),
            std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"data.synthetic.users=10"}).find("data.synthetic: unknown key for dataset kgcn-lastfm"),
            std::string::npos);
  const auto tags = parse_experiment(kMinimal, "x.yaml", {"data.tag_min_items=3", "data.negatives=popularity"});
  EXPECT_EQ(lastfm(tags).tag_min_items, 3);
  EXPECT_EQ(lastfm(tags).negatives, "popularity");
  const auto synthetic = parse_experiment(kMinimal, "x.yaml", {"data.dataset=synthetic", "data.synthetic.users=10"});
  EXPECT_EQ(synthetic.data.options.as<data::SyntheticKgConfig>().synthetic.users, 10);
  const auto fer = parse_experiment(kMinimal, "x.yaml",
                                    {"data.dataset=fer2013", "model.name=fer/seed_cnn", "eval.select_metric=acc",
                                     "data.input_size=40", "augment.crop=five"});
  EXPECT_EQ(data::image_data_config(fer.data).input_size, 40);
  EXPECT_NE(error_of(kMinimal, {"data.dataset=fer2013", "model.name=fer/seed_cnn", "data.split=[0.8, 0.1, 0.1]"})
                .find("data.split: unknown key for dataset fer2013"),
            std::string::npos);
}

TEST(Config, OlderRunFoldersKeepLoading) {
  // Run folders written before each data set and model owned its keys hold every one of them; the reader of a
  // run's config.yaml drops those its data set and model do not have. Anything else stays an error.
  const auto c = parse_experiment(kMinimal, "x.yaml");
  YAML::Node old = YAML::Load(experiment_to_yaml(c));
  old["data"]["input_size"] = 48;
  old["data"]["cache_dir"] = "";
  old["data"]["synthetic"]["users"] = 500;
  old["model"]["knn_k"] = 50;
  test::TempDir dir;
  const auto path = dir.path() + "/config.yaml";
  std::ofstream(path) << YAML::Dump(old);
  EXPECT_THROW(load_experiment(path), ConfigError);
  EXPECT_EQ(experiment_to_yaml(run::load_run_config(path)), experiment_to_yaml(c));
  old["seeds"] = 3;
  std::ofstream(path) << YAML::Dump(old);
  try {
    run::load_run_config(path);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("seeds: unknown key"), std::string::npos) << e.what();
  }
}

TEST(Config, MissingRequiredKey) {
  EXPECT_EQ(error_of(replace(kMinimal, "  name: kg/kgcn\n", "  dim: 8\n")),
            "configs/kg/x.yaml:5: model.name: missing required key");
  EXPECT_EQ(error_of(replace(kMinimal, "experiment: demo\n", "")).find("experiment: missing required key"),
            std::string("configs/kg/x.yaml:1: ").size());
}

TEST(Config, UnknownRegistryNameListsTheKnownOnes) {
  EXPECT_EQ(
      error_of(replace(kMinimal, "kg/kgcn", "kg/kgcnn")),
      "configs/kg/x.yaml:5: model.name: unknown model \"kg/kgcnn\" (known: audio/crnn, "
      "audio/short_chunk_resnet, audio/spectral_stats, baseline/bpr_mf, "
      "baseline/item_knn, baseline/popularity, baseline/positive_rate, fer/resnet, fer/seed_cnn, fer/vgg, "
      "kg/kgcn, kg/mkgcn, tracks/kmeans, tracks/logistic, tracks/majority, tracks/mlp)");
  EXPECT_EQ(error_of(replace(kMinimal, "  optimizer:\n", "  optimizer:\n    name: adamw\n")),
            "configs/kg/x.yaml:9: train.optimizer.name: unknown optimizer \"adamw\" (known: adam, sgd)");
  EXPECT_EQ(error_of(replace(kMinimal, "dataset: kgcn-lastfm", "dataset: movielens")),
            "configs/kg/x.yaml:3: data.dataset: unknown dataset \"movielens\" (known: audio-mma, fer2013, "
            "kgcn-lastfm, magnatagatune, mkgcn-music-d, mtg-jamendo, spotify-moods, synthetic)");
}

TEST(Config, CrossFieldRule) {
  EXPECT_EQ(error_of(replace(kMinimal, "  dataset: kgcn-lastfm\n", "  dataset: kgcn-lastfm\n  split: [0.6, 0.3, 0.2]\n")),
            "configs/kg/x.yaml:4: data.split: fractions must sum to 1, got 1.1");
}

TEST(Config, ModelsMustFitTheDataSetsKind) {
  EXPECT_EQ(error_of(replace(kMinimal, "  dataset: kgcn-lastfm\n", "  dataset: fer2013\n")),
            "configs/kg/x.yaml:5: model: model kg/kgcn cannot train on data set fer2013 (an image data set needs a "
            "fer/ model; kg/kgcn needs a KG data set)");
  EXPECT_NE(error_of(replace(kMinimal, "  name: kg/kgcn\n", "  name: fer/vgg\n")).find("fer/vgg needs an image data set"),
            std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"data.dataset=spotify-moods"}).find("a tracks data set needs a tracks/ model"),
            std::string::npos);
  EXPECT_NE(error_of(kMinimal, {"model.name=tracks/mlp"}).find("tracks/mlp needs a tracks data set"), std::string::npos);
  const std::string fer_auc = replace(replace(kMinimal, "  dataset: kgcn-lastfm\n", "  dataset: fer2013\n"),
                                      "  name: kg/kgcn\n", "  name: fer/seed_cnn\n");
  EXPECT_NE(error_of(fer_auc).find("eval: select_metric: auc is not reported by image classifiers"), std::string::npos);
  const std::string fer = fer_auc + "eval:\n  select_metric: acc\n";
  EXPECT_NO_THROW(parse_experiment(fer, "fer.yaml"));
  EXPECT_NE(error_of(fer, {"eval.ten_crop=true"}).find("eval: ten_crop needs data.input_size below 48"), std::string::npos);
  EXPECT_NE(error_of(fer, {"augment.crop=five"}).find("augment: crop: five needs data.input_size below 48"),
            std::string::npos);
  EXPECT_NE(error_of(fer, {"augment.erasing_scale=[0.5, 0.1]"}).find("augment.erasing_scale: the range's low end"),
            std::string::npos);
  EXPECT_NE(error_of(fer, {"train.amp=fp8"}).find("train.amp"), std::string::npos);
}

TEST(Config, SyntaxErrorsAndDuplicates) {
  EXPECT_EQ(error_of("experiment: [demo\n").rfind("configs/kg/x.yaml:", 0), 0u);
  EXPECT_NE(error_of("experiment: [demo\n").find("YAML syntax error"), std::string::npos);
  EXPECT_EQ(error_of(std::string(kMinimal) + "seed: 1\nseed: 2\n"), "configs/kg/x.yaml:11: seed: duplicate key");
  EXPECT_EQ(error_of("- a\n- b\n"), "configs/kg/x.yaml: expected a mapping of experiment settings at the top level");
}

TEST(Config, OverridesReplaceAndAddKeys) {
  const auto c = parse_experiment(kMinimal, "x.yaml",
                                  {"train.epochs=7", "model.dim=32", "data.split=[0.8, 0.1, 0.1]", "eval.threshold=0.4"});
  EXPECT_EQ(c.train.epochs, 7);
  EXPECT_EQ(kgcn(c).dim, 32);
  EXPECT_EQ(lastfm(c).split, (std::vector<double>{0.8, 0.1, 0.1}));
  EXPECT_DOUBLE_EQ(c.eval.threshold, 0.4);
}

TEST(Config, OverrideErrorsNameTheCommandLine) {
  EXPECT_EQ(error_of(kMinimal, {"train.optimizer.lr=fast"}),
            "--set train.optimizer.lr=fast: train.optimizer.lr: expected a positive number, got \"fast\"");
  EXPECT_EQ(error_of(kMinimal, {"train.epochs"}), "--set train.epochs: expected KEY.PATH=VALUE, e.g. --set train.epochs=3");
  EXPECT_EQ(error_of(kMinimal, {"train.epochs.x=1"}), "--set train.epochs.x=1: train.epochs is \"3\", not a section");
  const auto msg = error_of(kMinimal, {"train.epoch=3"});
  EXPECT_EQ(msg.rfind("--set train.epoch=3: train.epoch: unknown key; did you mean \"epochs\"?", 0), 0u) << msg;
}

TEST(Config, ResolvedYamlReadsBackTheSame) {
  auto c = parse_experiment(kMinimal, "x.yaml", {"reference.auc=0.794", "train.l2_weight=1e-7"});
  const auto yaml = experiment_to_yaml(c);
  const auto again = parse_experiment(yaml, "resolved.yaml");
  EXPECT_EQ(experiment_to_yaml(again), yaml);
  EXPECT_DOUBLE_EQ(*again.reference.auc, 0.794);
  EXPECT_DOUBLE_EQ(again.train.l2_weight, 1e-7);
}

TEST(Config, CommittedConfigsLoadAndCarryThePapersNumbers) {
  const std::string dir = std::string(EMOREC_SOURCE_DIR) + "/configs/kg/";
  const auto sum = load_experiment(dir + "kgcn_lastfm_sum.yaml");
  EXPECT_EQ(kgcn(sum).aggregator, models::KgcnAggregator::kSum);
  EXPECT_DOUBLE_EQ(*sum.reference.auc, 0.794);
  EXPECT_DOUBLE_EQ(*sum.reference.f1, 0.719);
  EXPECT_EQ(kgcn(sum).dim, 16);
  EXPECT_EQ(lastfm(sum).neighbor_sample_size, 8);
  EXPECT_DOUBLE_EQ(sum.train.optimizer.lr, 5e-4);
  EXPECT_DOUBLE_EQ(sum.train.l2_weight, 1e-4);
  EXPECT_EQ(sum.train.batch_size, 128);
  const auto concat = load_experiment(dir + "kgcn_lastfm_concat.yaml");
  EXPECT_EQ(kgcn(concat).aggregator, models::KgcnAggregator::kConcat);
  EXPECT_DOUBLE_EQ(*concat.reference.auc, 0.796);
  const auto neighbor = load_experiment(dir + "kgcn_lastfm_neighbor.yaml");
  EXPECT_EQ(kgcn(neighbor).aggregator, models::KgcnAggregator::kNeighbor);
  EXPECT_DOUBLE_EQ(*neighbor.reference.auc, 0.781);
  const std::string fer = std::string(EMOREC_SOURCE_DIR) + "/configs/fer/";
  const auto seed = load_experiment(fer + "seed_cnn.yaml");
  EXPECT_DOUBLE_EQ(*seed.reference.acc, 0.6134);
  EXPECT_EQ(seed.reference.split, "eval+test");
  EXPECT_EQ(seed.train.batch_size, 64);
  EXPECT_EQ(seed.train.epochs, 30);
  EXPECT_DOUBLE_EQ(seed.train.optimizer.lr, 1e-4);
  EXPECT_FALSE(seed.augment.any_random());
  const auto vgg = load_experiment(fer + "vgg.yaml");
  EXPECT_DOUBLE_EQ(*vgg.reference.acc, 0.7328);
  EXPECT_EQ(vgg.train.optimizer.name, "sgd");
  EXPECT_TRUE(vgg.train.optimizer.options.as<train::SgdConfig>().nesterov);
  EXPECT_DOUBLE_EQ(vgg.train.optimizer.weight_decay, 1e-4);
  EXPECT_EQ(vgg.train.schedule.name, "plateau");
  EXPECT_TRUE(vgg.eval.ten_crop);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(EMOREC_SOURCE_DIR) + "/configs")) {
    // configs/tables/ holds reproduction tables (run/reproduce_table.h), configs/app/ the recommender's
    // configs (app/app_config.h, tested in test_recommender.cpp) and configs/crowd/ the crowd check's word
    // lists (app/crowd_moods.h, test_crowd.cpp), not experiments.
    const auto folder = entry.path().parent_path().filename();
    if (entry.path().extension() == ".yaml" && folder != "tables" && folder != "app" && folder != "crowd") {
      EXPECT_NO_THROW(load_experiment(entry.path().string())) << entry.path();
    }
  }
}

TEST(Config, DocsListEveryKeyWithItsDefault) {
  const auto doc = test::read_file(std::string(EMOREC_SOURCE_DIR) + "/docs/CONFIG.md");
  EXPECT_NE(doc.find(experiment_reference()), std::string::npos)
      << "docs/CONFIG.md is out of date: regenerate its table with `emorec config docs`";
}

}  // namespace
}  // namespace emorec::config

namespace emorec::config {
namespace {

TEST(ExperimentConfig, L2WeightIsRefusedWhereNoTrainerReadsIt) {
  const std::string source = EMOREC_SOURCE_DIR;
  for (const char* file : {"/configs/fer/smoke.yaml", "/configs/mood/logistic.yaml"}) {
    try {
      run::load_experiment(source + file, {"train.l2_weight=0.001"});
      ADD_FAILURE() << file << ": expected a ConfigError";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("train.optimizer.weight_decay"), std::string::npos) << e.what();
    }
    EXPECT_NO_THROW(run::load_experiment(source + file));  // the default, as a resolved config writes it
  }
  EXPECT_NO_THROW(run::load_experiment(source + "/configs/kg/kgcn_synthetic.yaml", {"train.l2_weight=0.001"}));
}

// Audio tagging reports auc (ROC-AUC) and pr_auc, nothing else selects on pr_auc, and audio data sets take
// audio/ models only; each error names the key.
TEST(ExperimentConfig, AudioTaggingSelectsOnAucOrPrAucWithAnAudioModel) {
  const std::string source = EMOREC_SOURCE_DIR;
  const auto error = [&](const char* file, const std::string& set) {
    try {
      run::load_experiment(source + file, {set});
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error("/configs/audio/crnn_mma.yaml", "eval.select_metric=acc")
                .find("eval: select_metric: acc is not reported by audio tagging (use auc or pr_auc)"),
            std::string::npos);
  EXPECT_NE(error("/configs/mood/logistic.yaml", "eval.select_metric=pr_auc")
                .find("select_metric: pr_auc is reported by audio tagging only"),
            std::string::npos);
  EXPECT_NE(error("/configs/audio/crnn_mma.yaml", "model.name=fer/vgg")
                .find("an audio data set needs an audio/ model"),
            std::string::npos);
  EXPECT_NE(error("/configs/audio/crnn_mma.yaml", "data.mel.f_max=9000").find("data.mel.f_max"),
            std::string::npos);
  EXPECT_NO_THROW(
      run::load_experiment(source + "/configs/audio/crnn_mma.yaml", {"eval.select_metric=pr_auc"}));
}

}  // namespace
}  // namespace emorec::config

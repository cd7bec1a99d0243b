// End to end on the real Last.FM data: a short KGCN training beats AUC 0.70, a resumed run ends with the
// same metrics as an uninterrupted one, the fused and the composite neighbour operator train alike, eval re-computes the recorded numbers, and failures leave no
// half-written run folder behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "config/experiment.h"
#include "core/error.h"
#include "run/components.h"
#include "run/experiment_runner.h"
#include "test_util.h"

namespace emorec::run {
namespace {

namespace fs = std::filesystem;

config::ExperimentConfig short_kgcn(const std::string& runs_dir, std::vector<std::string> sets = {}) {
  sets.push_back("output.runs_dir=" + runs_dir);
  sets.push_back("data.root=" + test::data_root());
  sets.push_back("device=cpu");
  return run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_lastfm_sum.yaml", sets);
}

std::vector<nlohmann::json> rows(const std::string& run_dir) {
  std::vector<nlohmann::json> out;
  std::istringstream in(test::read_file(run_dir + "/metrics.jsonl"));
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    j.erase("seconds");  // wall times differ between runs
    j.erase("phase_seconds");
    out.push_back(j);
  }
  return out;
}

TEST(Training, ShortKgcnRunBeatsAuc070AndRecordsEverything) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  test::TempDir tmp;
  TrainOptions quiet;
  quiet.progress = false;
  const auto out = train_experiment(short_kgcn(tmp.path(), {"train.epochs=6"}), quiet);
  EXPECT_GT(out.at("test").get("auc"), 0.70);
  EXPECT_GT(out.at("eval").get("auc"), 0.70);
  EXPECT_EQ(out.epochs_done, 6);
  for (const char* f : {"config.yaml", "metrics.jsonl", "metrics.csv", "train.log", "run.json", "summary.json",
                        "checkpoints/checkpoints.json", "checkpoints/last-0006.pt"}) {
    EXPECT_TRUE(fs::is_regular_file(fs::path(out.run_dir) / f)) << f;
  }
  // The committed pair and the manifest, nothing else: older epochs' files are gone.
  char best[32];
  std::snprintf(best, sizeof best, "best-%04lld.pt", static_cast<long long>(out.best_epoch));
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(out.run_dir) / "checkpoints"))
    files.insert(e.path().filename().string());
  EXPECT_EQ(files, (std::set<std::string>{"checkpoints.json", "last-0006.pt", best}));
  EXPECT_EQ(fs::path(out.run_dir).parent_path().filename(), "kgcn_lastfm_sum");
  EXPECT_EQ(rows(out.run_dir).size(), 18u);  // 6 epochs x train/eval/test
  const auto csv = test::read_file(out.run_dir + "/metrics.csv");
  EXPECT_EQ(csv.rfind("epoch,split,loss,auc,acc,f1,auc_batched,f1_batched,lr,seconds\n", 0), 0u);
  EXPECT_GT(out.at("test").get("auc_batched"), 0.70);  // the configs also report the reference code's protocol
  // Every training row splits its steps' time by phase (train/step_clock.h); the phases lie within the epoch.
  std::istringstream lines(test::read_file(out.run_dir + "/metrics.jsonl"));
  int train_rows = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j["split"] != "train") {
      EXPECT_FALSE(j.contains("phase_seconds")) << line;
      continue;
    }
    ++train_rows;
    double sum = 0;
    for (const char* phase : {"data", "forward", "backward", "optimizer", "other", "communication"}) {
      ASSERT_TRUE(j["phase_seconds"].contains(phase)) << phase << " in " << line;
      EXPECT_GE(j["phase_seconds"][phase].get<double>(), 0.0) << phase;
      sum += j["phase_seconds"][phase].get<double>();
    }
    EXPECT_EQ(j["phase_seconds"].size(), 6u);
    EXPECT_GT(j["phase_seconds"]["backward"].get<double>(), 0.0);
    EXPECT_EQ(j["phase_seconds"]["communication"].get<double>(), 0.0);  // one process: no gradient exchange
    EXPECT_LE(sum, j["seconds"].get<double>());
  }
  EXPECT_EQ(train_rows, 6);
  const auto status = nlohmann::json::parse(test::read_file(out.run_dir + "/run.json"));
  EXPECT_EQ(status["status"], "completed");
  const auto summary = nlohmann::json::parse(test::read_file(out.run_dir + "/summary.json"));
  EXPECT_DOUBLE_EQ(summary["reference"]["auc"].get<double>(), 0.794);
  EXPECT_DOUBLE_EQ(summary["test"]["auc"].get<double>(), out.at("test").get("auc"));
  // The resolved config reads back into the same experiment.
  const auto resolved = run::load_experiment(out.run_dir + "/config.yaml");
  EXPECT_EQ(resolved.train.epochs, 6);

  // Re-evaluating the best checkpoint reproduces the recorded metrics.
  const auto again = evaluate_run(out.run_dir, "best");
  EXPECT_EQ(again.epoch, out.best_epoch);
  EXPECT_NEAR(again.at("test").get("auc"), out.at("test").get("auc"), 1e-9);
  EXPECT_NEAR(again.at("eval").get("f1"), out.at("eval").get("f1"), 1e-9);
}

TEST(Training, BaselinesRunThroughTheSameRunner) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  test::TempDir tmp;
  TrainOptions quiet;
  quiet.progress = false;
  const std::string dir = std::string(EMOREC_SOURCE_DIR) + "/configs/kg/baselines/";
  const std::vector<std::string> sets = {"output.runs_dir=" + tmp.path(), "data.root=" + test::data_root(),
                                         "device=cpu"};
  // Item popularity alone ranks Last.FM's uniform negatives well: no user information at all.
  const auto popularity = train_experiment(run::load_experiment(dir + "popularity_lastfm.yaml", sets), quiet);
  EXPECT_GT(popularity.at("test").get("auc"), 0.75);
  const auto knn = train_experiment(run::load_experiment(dir + "item_knn_lastfm.yaml", sets), quiet);
  EXPECT_GT(knn.at("test").get("auc"), 0.70);
  auto bpr_sets = sets;
  bpr_sets.push_back("train.epochs=3");
  const auto bpr = train_experiment(run::load_experiment(dir + "bpr_mf_lastfm.yaml", bpr_sets), quiet);
  EXPECT_GT(bpr.at("test").get("auc"), 0.70);
  // A closed-form model's checkpoint re-evaluates to the same numbers.
  EXPECT_NEAR(evaluate_run(knn.run_dir).at("test").get("auc"), knn.at("test").get("auc"), 1e-9);
}

TEST(Training, ResumedRunEndsWithTheSameMetrics) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  test::TempDir tmp;
  TrainOptions quiet;
  quiet.progress = false;
  const auto full = train_experiment(short_kgcn(tmp.path() + "/a", {"train.epochs=3"}), quiet);

  TrainOptions interrupted = quiet;
  interrupted.max_new_epochs = 1;
  const auto part = train_experiment(short_kgcn(tmp.path() + "/b", {"train.epochs=3"}), interrupted);
  EXPECT_EQ(part.epochs_done, 1);
  EXPECT_EQ(nlohmann::json::parse(test::read_file(part.run_dir + "/run.json"))["status"], "stopped");
  // As if the process died after writing epoch 2's rows but before its checkpoint, mid-way through a line.
  auto append = [](const std::string& path, const std::string& text) { std::ofstream(path, std::ios::app) << text; };
  append(part.run_dir + "/metrics.jsonl", "{\"epoch\":2,\"split\":\"train\",\"loss\":0.6}\n{\"epoch\":2,\"spl");
  append(part.run_dir + "/metrics.csv", "2,train,0.6,0.5,0.5,0.5,,,0.0005,0.2\n2,ev");
  const auto resumed = resume_experiment(part.run_dir, {}, quiet);
  EXPECT_EQ(resumed.epochs_done, 3);
  EXPECT_EQ(rows(resumed.run_dir), rows(full.run_dir));  // bitwise-equal metrics, row for row
  EXPECT_EQ(resumed.best_epoch, full.best_epoch);
  EXPECT_EQ(resumed.at("test").get("auc"), full.at("test").get("auc"));

  // Extending a finished run is allowed; changing anything else on resume is not.
  EXPECT_THROW(resume_experiment(resumed.run_dir, {}, quiet), ConfigError);
  EXPECT_THROW(resume_experiment(resumed.run_dir, {"model.dim=8"}, quiet), ConfigError);
}

TEST(Training, FusedAndCompositeNeighbourOpsTrainToTheSameMetrics) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  test::TempDir tmp;
  TrainOptions quiet;
  quiet.progress = false;
  // Two hops, so that both forms of the operator (table and gathered vectors) are on the path.
  const std::vector<std::string> sets = {"train.epochs=2", "model.n_iter=2"};
  auto with = [&](const std::string& op) {
    auto s = sets;
    s.push_back("model.neighbor_op=" + op);
    return train_experiment(short_kgcn(tmp.path() + "/" + op, s), quiet);
  };
  const auto fused = with("fused"), composite = with("composite");
  const auto a = rows(fused.run_dir), b = rows(composite.run_dir);
  ASSERT_EQ(a.size(), b.size());
  // Same seed, same batches: only the order of float32 sums differs, and two epochs of Adam keep that at the
  // level of float32 rounding in every recorded metric.
  for (size_t i = 0; i < a.size(); ++i) {
    for (const auto& [key, value] : a[i].items()) {
      if (!value.is_number_float()) {
        EXPECT_EQ(value, b[i][key]) << key << " in row " << i;
        continue;
      }
      EXPECT_NEAR(value.get<double>(), b[i][key].get<double>(), 1e-4) << key << " in row " << i;
    }
  }
}

TEST(Training, SyntheticDataTrainsWithNoDataFiles) {
  test::TempDir tmp, empty_root;
  TrainOptions quiet;
  quiet.progress = false;
  const auto config = run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_synthetic.yaml",
                                              {"output.runs_dir=" + tmp.path(), "data.root=" + empty_root.path(),
                                               "device=cpu", "train.epochs=3"});
  const auto out = train_experiment(config, quiet);
  EXPECT_EQ(out.epochs_done, 3);
  // The graph carries 30% of the preference: held-out AUC above chance, well short of the training AUC.
  EXPECT_GT(out.at("test").get("auc"), 0.52);
}

TEST(Training, MoodClassifiersTrainFromTheirConfigsAndBeatTheMajorityClass) {
  EMOREC_REQUIRE_DATASET("spotify-moods");
  test::TempDir tmp;
  TrainOptions quiet;
  quiet.progress = false;
  const auto train = [&](const std::string& name, std::vector<std::string> sets) {
    sets.push_back("output.runs_dir=" + tmp.path());
    sets.push_back("data.root=" + test::data_root());
    return train_experiment(run::load_experiment(std::string(EMOREC_SOURCE_DIR) + "/configs/mood/" + name, sets), quiet);
  };
  const auto majority = train("majority.yaml", {"data.fold=3"});
  const auto mlp = train("mlp_seed.yaml", {"data.fold=3", "train.epochs=40"});
  const auto kmeans = train("kmeans.yaml", {"data.fold=3"});
  // Fold 3 holds 68 or 69 of the 686 tracks; the largest mood (Sad, 197) is 28.7% of them.
  EXPECT_NEAR(majority.at("test").get("acc"), 0.287, 0.03);
  EXPECT_GT(mlp.at("test").get("acc"), 0.6);
  EXPECT_GT(kmeans.at("test").get("acc"), 0.45);
  EXPECT_EQ(mlp.at("test").detail.at("tracks").get<int64_t>(), majority.at("test").detail.at("tracks").get<int64_t>());
}

TEST(Training, NonFiniteLossFailsAndLeavesNoRunFolder) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  test::TempDir tmp;
  TrainOptions quiet;
  quiet.progress = false;
  try {
    train_experiment(short_kgcn(tmp.path(), {"train.optimizer.lr=1e30", "train.epochs=2"}), quiet);
    FAIL() << "expected a RunError";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find("non-finite training loss"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("epoch 1"), std::string::npos) << e.what();
  }
  const fs::path experiment_dir = fs::path(tmp.path()) / "kgcn_lastfm_sum";
  EXPECT_TRUE(!fs::exists(experiment_dir) || fs::is_empty(experiment_dir));
}

TEST(Training, BadDataFailsBeforeAnyRunFolderExists) {
  test::TempDir tmp;
  auto config = short_kgcn(tmp.path());
  config.data.root = tmp.path() + "/no-data-here";
  EXPECT_THROW(train_experiment(config), DataError);
  EXPECT_FALSE(fs::exists(fs::path(tmp.path()) / "kgcn_lastfm_sum"));
}

}  // namespace
}  // namespace emorec::run

// Crash consistency: `emorec train` killed (SIGKILL) between writing an epoch's best model and its last
// checkpoint leaves the previous epoch committed: the best model is that epoch's, the stray file and the
// temporaries of interrupted writes are removed on the next start, and the resumed run ends exactly as an
// uninterrupted one.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <sstream>

#include "config/experiment.h"
#include "run/components.h"
#include "run/experiment_runner.h"
#include "run/run_dir.h"
#include "test_util.h"

namespace emorec::run {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kSets = {"device=cpu", "train.epochs=4"};

std::vector<nlohmann::json> rows_of(const std::string& run_dir) {
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

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

TEST(CrashConsistency, KilledBetweenBestAndLastKeepsThePreviousEpochCommitted) {
  test::TempDir tmp;
  const std::string config = std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_synthetic.yaml";
  auto sets = kSets;
  sets.push_back("output.runs_dir=" + tmp.file("full"));
  TrainOptions quiet;
  quiet.progress = false;
  const auto full = train_experiment(run::load_experiment(config, sets), quiet);

  // The first epoch after the first whose eval AUC improves: there the process writes a new best model.
  const auto full_rows = rows_of(full.run_dir);
  double best = -1;
  int64_t crash_epoch = 0, previous_best = 0;
  for (const auto& r : full_rows) {
    if (r["split"] != "eval") continue;
    const int64_t epoch = r["epoch"].get<int64_t>();
    const double auc = r["auc"].get<double>();
    if (epoch > 1 && auc > best) {
      crash_epoch = epoch;
      break;
    }
    if (auc > best) best = auc, previous_best = epoch;
  }
  ASSERT_GT(crash_epoch, 1) << "no epoch after the first improves eval AUC; pick other kSets";

  std::string cmd = "(EMOREC_CRASH_AT=checkpoint.after_best:" + std::to_string(crash_epoch) + " " +
                    EMOREC_BINARY + " train " + config + " --set output.runs_dir=" + tmp.file("killed");
  for (const auto& s : kSets) cmd += " --set " + s;
  cmd += "); echo \"status=$?\"";
  std::string out;
  test::run_command(cmd, &out);
  ASSERT_NE(out.find("status=137"), std::string::npos) << out;  // 128 + SIGKILL

  const fs::path experiment = fs::path(tmp.file("killed")) / "kgcn_synthetic";
  ASSERT_EQ(std::distance(fs::directory_iterator(experiment), fs::directory_iterator()), 1);
  const std::string run_dir = fs::directory_iterator(experiment)->path().string();
  const fs::path ckpt = fs::path(run_dir) / "checkpoints";
  char stray[32], last[32], best_file[32];
  std::snprintf(stray, sizeof stray, "best-%04lld.pt", static_cast<long long>(crash_epoch));
  std::snprintf(last, sizeof last, "last-%04lld.pt", static_cast<long long>(crash_epoch - 1));
  std::snprintf(best_file, sizeof best_file, "best-%04lld.pt", static_cast<long long>(previous_best));
  // The new best model is on disk, but the manifest still commits the previous epoch and its best.
  EXPECT_TRUE(fs::is_regular_file(ckpt / stray));
  const auto manifest = nlohmann::json::parse(test::read_file((ckpt / "checkpoints.json").string()));
  EXPECT_EQ(manifest["last"]["epoch"], crash_epoch - 1);
  EXPECT_EQ(manifest["best"]["epoch"], previous_best);
  EXPECT_EQ(evaluate_run(run_dir, "best").epoch, previous_best);  // the committed best, not the stray one
  EXPECT_EQ(RunDir::open(run_dir).checkpoint("best"), (ckpt / best_file).string());

  // A temporary left by an interrupted atomic write of a process that is gone.
  test::write_file(run_dir + "/run.json.tmp.999999999", "{");
  const auto resumed = resume_experiment(run_dir, {}, quiet);
  EXPECT_EQ(resumed.epochs_done, 4);
  EXPECT_EQ(rows_of(run_dir), full_rows);  // bitwise-equal metrics, row for row
  EXPECT_EQ(resumed.best_epoch, full.best_epoch);
  EXPECT_FALSE(fs::exists(run_dir + "/run.json.tmp.999999999"));
  char final_best[32];
  std::snprintf(final_best, sizeof final_best, "best-%04lld.pt", static_cast<long long>(full.best_epoch));
  EXPECT_EQ(files_in(ckpt), (std::set<std::string>{"checkpoints.json", "last-0004.pt", final_best}));
}

}  // namespace
}  // namespace emorec::run

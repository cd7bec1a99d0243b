// Data-parallel training (train/data_parallel.h, dist/): jobs of 2 processes on this CPU (Gloo over loopback)
// against the single process with the same global batch, on the generated KG (no data set needed).
// Tolerance: parameters within 1e-5 of the single process's after two epochs (186 Adam steps). The two jobs
// differ only in the order of float additions (each rank's half of the batch mean, then the sum of the halves);
// the largest difference measured here was 3.0e-7, with and without overlap and buckets.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "data/kg_dataset.h"
#include "fer_fixture.h"
#include "run/run_checkpoints.h"
#include "run/run_config.h"
#include "run/run_dir.h"
#include "test_util.h"
#include "train/checkpoint.h"
#include "train/kg_trainer.h"

namespace emorec {
namespace {

namespace fs = std::filesystem;
constexpr double kParamTolerance = 1e-5;

std::string config_path() { return std::string(EMOREC_SOURCE_DIR) + "/configs/kg/kgcn_synthetic.yaml"; }

std::string train_args(const std::string& runs, int epochs, const std::string& extra = "") {
  return "train " + config_path() + " --no-progress --set output.runs_dir=" + runs +
         " --set train.epochs=" + std::to_string(epochs) + " --set train.distributed.timeout_s=30 " + extra;
}

std::string launch(int nproc, int port, const std::string& args, const std::string& nodes = "") {
  return std::string(EMOREC_BINARY) + " launch --nproc-per-node " + std::to_string(nproc) + " --master 127.0.0.1:" +
         std::to_string(port) + " " + nodes + " -- " + args;
}

// The one run folder under `runs` (a job writes exactly one).
std::string only_run(const std::string& runs) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(runs + "/kgcn_synthetic")) found.push_back(e.path().string());
  EXPECT_EQ(found.size(), 1u) << "a data-parallel job must write one run folder (rank 0's)";
  return found.empty() ? std::string() : found.front();
}

std::vector<torch::Tensor> last_parameters(const std::string& run) {
  const auto config = run::load_run_config(run + "/config.yaml");
  const auto dataset = data::load_kg_dataset(config.data, static_cast<uint64_t>(config.seed));
  train::KgTrainer trainer(config, dataset, torch::kCPU);
  train::load_checkpoint(run::RunCheckpoints(run + "/checkpoints").path("last"), trainer.model(), nullptr);
  std::vector<torch::Tensor> out;
  for (const auto& p : trainer.model().parameters()) out.push_back(p.detach().clone());
  return out;
}

double max_difference(const std::string& a, const std::string& b) {
  const auto pa = last_parameters(a), pb = last_parameters(b);
  EXPECT_EQ(pa.size(), pb.size());
  double worst = 0;
  for (size_t i = 0; i < std::min(pa.size(), pb.size()); ++i) {
    worst = std::max(worst, (pa[i] - pb[i]).abs().max().item<double>());
  }
  return worst;
}

std::vector<nlohmann::json> rows(const std::string& run, const std::string& split) {
  std::vector<nlohmann::json> out;
  std::istringstream in(test::read_file(run + "/metrics.jsonl"));
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j.value("split", "") == split) out.push_back(j);
  }
  return out;
}

std::string single_process_run(const std::string& runs, int epochs) {
  std::string out;
  EXPECT_EQ(test::run_command(std::string(EMOREC_BINARY) + " " + train_args(runs, epochs), &out), 0) << out;
  return only_run(runs);
}

double elapsed_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

TEST(DataParallel, TwoProcessesReachTheParametersOfOne) {
  test::TempDir tmp;
  const auto one = single_process_run(tmp.file("one"), 2);
  std::string out;
  // Overlapped buckets of the default size; then one bucket per parameter, reduced after the backward pass.
  ASSERT_EQ(test::run_command(launch(2, 29611, train_args(tmp.file("two"), 2)), &out), 0) << out;
  ASSERT_EQ(test::run_command(launch(2, 29612, train_args(tmp.file("small"), 2,
                                                          "--set train.distributed.overlap=false "
                                                          "--set train.distributed.bucket_mb=0.002")),
                              &out),
            0)
      << out;
  for (const char* job : {"two", "small"}) {
    const auto run = only_run(tmp.file(job));
    const double diff = max_difference(one, run);
    EXPECT_LE(diff, kParamTolerance) << job;
    std::cerr << job << ": largest parameter difference from one process " << diff << "\n";
    const auto a = rows(one, "test"), b = rows(run, "test");
    ASSERT_EQ(a.size(), 2u);
    ASSERT_EQ(b.size(), 2u);
    EXPECT_NEAR(a[1]["auc"].get<double>(), b[1]["auc"].get<double>(), 1e-4) << job;
    EXPECT_NEAR(rows(one, "train")[1]["loss"].get<double>(), rows(run, "train")[1]["loss"].get<double>(), 1e-5);
    // The job's own time split shows the gradient exchange.
    EXPECT_GT(rows(run, "train")[0]["phase_seconds"]["communication"].get<double>(), 0.0) << job;
  }
}

TEST(DataParallel, TwoNodesOnLoopbackTrainAsOne) {
  test::TempDir tmp;
  const auto one = single_process_run(tmp.file("one"), 2);
  const std::string nodes = " --nnodes 2 --node-rank ";
  const std::string node0 = launch(1, 29621, train_args(tmp.file("two"), 2), nodes + "0");
  const std::string node1 = launch(1, 29621, train_args(tmp.file("two"), 2), nodes + "1");
  std::string out;
  const int status = test::run_command("(" + node1 + " > " + tmp.file("node1.log") + " 2>&1; echo $? > " +
                                           tmp.file("node1.status") + ") & " + node0 + " > " + tmp.file("node0.log") +
                                           " 2>&1; s=$?; wait; exit $s",
                                       &out);
  ASSERT_EQ(status, 0) << test::read_file(tmp.file("node0.log")) << test::read_file(tmp.file("node1.log"));
  EXPECT_EQ(test::read_file(tmp.file("node1.status")), "0\n") << test::read_file(tmp.file("node1.log"));
  EXPECT_LE(max_difference(one, only_run(tmp.file("two"))), kParamTolerance);
}

TEST(DataParallel, AKilledRankStopsTheJobWithItsNameAndTheRunResumes) {
  test::TempDir tmp;
  const auto one = single_process_run(tmp.file("one"), 4);
  std::string out;
  // Rank 1 dies (SIGKILL) in the middle of epoch 3: the launcher names it and stops rank 0.
  const auto t0 = std::chrono::steady_clock::now();
  const int status = test::run_command("EMOREC_CRASH_AT=train.mid_epoch:3 EMOREC_CRASH_RANK=1 " +
                                           launch(2, 29631, train_args(tmp.file("two"), 4)),
                                       &out);
  EXPECT_LT(elapsed_since(t0), 30.0) << "the job outlived its collective timeout";
  EXPECT_EQ(status, 128 + 9) << out;
  EXPECT_NE(out.find("rank 1 (local 1"), std::string::npos) << out;
  EXPECT_NE(out.find("killed by SIGKILL"), std::string::npos) << out;
  const auto run = only_run(tmp.file("two"));
  EXPECT_EQ(run::RunDir::open(run).status().value("epochs_done", 0), 2);
  // The same world size resumes from epoch 2 and ends where the uninterrupted single process ended.
  ASSERT_EQ(test::run_command(launch(2, 29632, "train --no-progress --resume " + run), &out), 0) << out;
  EXPECT_EQ(run::RunDir::open(run).status().value("status", ""), "completed");
  EXPECT_LE(max_difference(one, run), kParamTolerance);
  // Another world size: one process takes the run on for a fifth epoch.
  ASSERT_EQ(test::run_command(std::string(EMOREC_BINARY) + " train --no-progress --resume " + run +
                                  " --set train.epochs=5",
                              &out),
            0)
      << out;
  EXPECT_EQ(run::RunDir::open(run).status().value("epochs_done", 0), 5);
}

TEST(DataParallel, ASurvivingNodeFailsWithinTheTimeoutWhenItsPeerDies) {
  test::TempDir tmp;
  // Two nodes: node 1's rank dies; node 0 has no launcher that could stop it, so its collective must fail.
  const std::string nodes = " --nnodes 2 --node-rank ";
  const std::string args = train_args(tmp.file("two"), 4, "--set train.distributed.timeout_s=10");
  const std::string node0 = launch(1, 29641, args, nodes + "0");
  const std::string node1 = "EMOREC_CRASH_AT=train.mid_epoch:2 EMOREC_CRASH_RANK=1 " + launch(1, 29641, args, nodes + "1");
  std::string out;
  const auto t0 = std::chrono::steady_clock::now();
  const int status = test::run_command("(" + node1 + " > " + tmp.file("node1.log") + " 2>&1) & " + node0 + " > " +
                                           tmp.file("node0.log") + " 2>&1; s=$?; wait; exit $s",
                                       &out);
  out = test::read_file(tmp.file("node0.log"));
  EXPECT_LT(elapsed_since(t0), 25.0) << out;
  EXPECT_NE(status, 0) << out;
  EXPECT_NE(out.find("rank 0: all-reduce of gradients failed"), std::string::npos) << out;
  EXPECT_NE(test::read_file(tmp.file("node1.log")).find("rank 1 (local 0"), std::string::npos)
      << test::read_file(tmp.file("node1.log"));
}

// FER and mood train under the launcher too (with batch norm, dropout and augmentation drawn per rank, their
// parameters are not expected to equal one process's); a sharded, gathered evaluation equals one process's.
TEST(DataParallel, FerAndMoodTrainWithTwoProcessesAndEvaluationIsGathered) {
  EMOREC_REQUIRE_DATASET("fer2013");
  EMOREC_REQUIRE_DATASET("spotify-moods");
  test::TempDir tmp;
  const std::string root = " --set data.root=" + test::data_root();
  // FER2013's layout in a small fixture of real faces (600 training, 200 PublicTest, 200 PrivateTest): the
  // training and the sharded evaluation are what is tested, not accuracy (tests/e2e/test_fer.cpp).
  const auto fixture = test::make_fer_fixture(tmp.path(), 1000);
  std::string out;
  ASSERT_EQ(test::run_command(launch(2, 29681,
                                     "train " + std::string(EMOREC_SOURCE_DIR) +
                                         "/configs/fer/smoke.yaml --no-progress --set train.epochs=2 "
                                         "--set data.train_subset=0 --set data.path=" +
                                         fixture.csv + " --set data.cache_dir=" + tmp.file("cache") +
                                         " --set output.runs_dir=" + tmp.file("fer") + root),
                              &out),
            0)
      << out;
  std::vector<std::string> runs;
  for (const auto& e : fs::directory_iterator(tmp.file("fer") + "/fer_smoke"))
    runs.push_back(e.path().string());
  ASSERT_EQ(runs.size(), 1u);
  std::string alone, sharded;
  ASSERT_EQ(
      test::run_command(std::string(EMOREC_BINARY) + " eval --json " + runs[0] + " 2>/dev/null", &alone), 0)
      << alone;
  ASSERT_EQ(test::run_command(launch(2, 29682, "eval --json " + runs[0]) + " 2>/dev/null", &sharded), 0)
      << sharded;
  const auto a = nlohmann::json::parse(test::json_part(alone), nullptr, false),
             b = nlohmann::json::parse(test::json_part(sharded), nullptr, false);
  ASSERT_FALSE(a.is_discarded()) << alone;
  ASSERT_FALSE(b.is_discarded()) << sharded;
  for (const char* split : {"eval", "test", "eval+test"}) {
    EXPECT_EQ(a["splits"][split]["acc"], b["splits"][split]["acc"]) << split;
    EXPECT_NEAR(a["splits"][split]["loss"].get<double>(), b["splits"][split]["loss"].get<double>(), 1e-5)
        << split;
  }
  EXPECT_EQ(a["splits"]["eval"]["detail"]["images"], 200) << alone;  // every PublicTest face, once
  ASSERT_EQ(test::run_command(launch(2, 29683,
                                     "train " + std::string(EMOREC_SOURCE_DIR) +
                                         "/configs/mood/mlp_wide.yaml --no-progress --set train.epochs=20 "
                                         "--set output.runs_dir=" +
                                         tmp.file("mood") + root),
                              &out),
            0)
      << out;
  EXPECT_EQ(
      std::distance(fs::directory_iterator(tmp.file("mood") + "/mood_mlp_wide"), fs::directory_iterator{}),
      1);
}

}  // namespace
}  // namespace emorec

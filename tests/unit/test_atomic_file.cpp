// Atomic writes and checkpoints: an interrupted write keeps the previous file and leaves no temporary.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <unistd.h>

#include <filesystem>

#include "core/atomic_file.h"
#include "core/error.h"
#include "run/metrics_log.h"
#include "run/run_checkpoints.h"
#include "run/run_dir.h"
#include "test_util.h"
#include "train/checkpoint.h"

namespace emorec {
namespace {

size_t files_in(const std::string& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(AtomicFile, ReplacesContent) {
  test::TempDir tmp;
  write_file_atomic(tmp.file("a.txt"), "one");
  write_file_atomic(tmp.file("a.txt"), "two");
  EXPECT_EQ(test::read_file(tmp.file("a.txt")), "two");
  EXPECT_EQ(files_in(tmp.path()), 1u);
}

TEST(AtomicFile, InterruptedWriteKeepsThePreviousFile) {
  test::TempDir tmp;
  write_file_atomic(tmp.file("a.txt"), "previous");
  EXPECT_THROW(write_file_atomic(tmp.file("a.txt"),
                                 [](std::ostream& out) {
                                   out << "half of the new content";
                                   throw std::runtime_error("interrupted");
                                 }),
               std::runtime_error);
  EXPECT_EQ(test::read_file(tmp.file("a.txt")), "previous");
  EXPECT_EQ(files_in(tmp.path()), 1u);
}

TEST(AtomicFile, StaleTemporariesOfGoneProcessesAreRemoved) {
  test::TempDir tmp;
  test::write_file(tmp.file("run.json.tmp.999999999"), "{");  // above any pid_max: no such process
  const std::string mine = tmp.file("x.tmp." + std::to_string(::getpid()));
  test::write_file(mine, "being written");  // a live writer's file stays
  test::write_file(tmp.file("notes.tmp.txt"), "not a temporary of ours");
  EXPECT_EQ(remove_stale_temporaries(tmp.path()), 1);
  EXPECT_FALSE(std::filesystem::exists(tmp.file("run.json.tmp.999999999")));
  EXPECT_TRUE(std::filesystem::exists(mine));
  EXPECT_TRUE(std::filesystem::exists(tmp.file("notes.tmp.txt")));
  EXPECT_EQ(remove_stale_temporaries(tmp.file("missing")), 0);
}

TEST(RunDir, AFolderAppearsWholeAndAStagingFolderOfAGoneProcessIsRemoved) {
  test::TempDir tmp;
  const auto parent = tmp.file("runs") + "/exp";
  std::filesystem::create_directories(parent + "/.20260101-000000-abcdef.partial.999999999/checkpoints");
  const std::string live = parent + "/.20260101-000000-fedcba.partial." + std::to_string(::getpid());
  std::filesystem::create_directories(live);
  const auto dir = run::RunDir::create(tmp.file("runs"), "exp", {{"config.yaml", "experiment: exp\n"}});
  EXPECT_EQ(test::read_file(dir.file("config.yaml")), "experiment: exp\n");
  EXPECT_TRUE(std::filesystem::is_directory(dir.checkpoints_folder()));
  // The gone process's staging folder is removed, a live one's is kept, and nothing else is there.
  EXPECT_FALSE(std::filesystem::exists(parent + "/.20260101-000000-abcdef.partial.999999999"));
  EXPECT_TRUE(std::filesystem::exists(live));
  EXPECT_EQ(files_in(parent), 2u);
  const auto table = run::RunDir::create(tmp.file("runs"), "exp", {{"table.yaml", "x: 1\n"}}, false);
  EXPECT_FALSE(std::filesystem::exists(table.checkpoints_folder()));
  EXPECT_NE(table.path(), dir.path());
}

TEST(MetricsLog, AFullDiskFailsTheAppendInsteadOfLosingTheRow) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  test::TempDir tmp;
  std::filesystem::create_symlink("/dev/full", tmp.file("metrics.jsonl"));
  const run::MetricsLog log(tmp.path(), {"auc"});
  run::Scores s;
  s.values.emplace_back("auc", 0.5);
  try {
    log.append(1, "eval", s, 0.1);
    FAIL() << "expected a RunError";
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find(tmp.file("metrics.jsonl")), std::string::npos) << e.what();
  }
}

TEST(RunCheckpoints, AResumedRunFromBeforeTheManifestKeepsItsBestModel) {
  test::TempDir tmp;
  torch::nn::Linear model(2, 1);
  torch::optim::SGD opt(model->parameters(), 0.1);
  torch::NoGradGuard no_grad;
  model->weight.fill_(7);
  train::save_checkpoint(tmp.file("best.pt"), *model, nullptr, {2, 2, 0.9, "", {}, false});  // the old layout
  train::save_checkpoint(tmp.file("last.pt"), *model, &opt, {2, 2, 0.9, "", {}, false});
  const run::RunCheckpoints ckpt(tmp.path());
  EXPECT_EQ(ckpt.path("best"), tmp.file("best.pt"));
  model->weight.fill_(1);
  ckpt.commit(3, /*improved=*/false, *model, opt, {3, 2, 0.9, "", {}, false});
  EXPECT_EQ(ckpt.path("best"), tmp.file("best-0002.pt"));
  torch::nn::Linear restored(2, 1);
  EXPECT_EQ(train::load_checkpoint(ckpt.path("best"), *restored, nullptr).best_epoch, 2);
  EXPECT_EQ(restored->weight[0][0].item<float>(), 7.f);
  EXPECT_FALSE(std::filesystem::exists(tmp.file("last.pt")));
}

TEST(AtomicFile, UnwritableTargetIsAnError) {
  EXPECT_THROW(write_file_atomic("/nonexistent-dir/x.txt", "x"), RunError);
}

TEST(Checkpoint, RoundTripAndInterruptedSave) {
  test::TempDir tmp;
  torch::nn::Linear model(3, 2);
  torch::optim::Adam opt(model->parameters(), 0.1);
  model->forward(torch::ones({1, 3})).sum().backward();
  opt.step();
  const auto path = tmp.file("last.pt");
  train::LoopState saved{4, 3, 0.75, "{\"eval\": 0.5}", {0.25, 0.7, 2}, true};
  train::save_checkpoint(path, *model, &opt, saved);
  const auto saved_weight = model->weight.detach().clone();

  // A save that fails half-way (here: the module throws while serialising) keeps the previous checkpoint.
  struct Exploding : torch::nn::Module {
    void save(torch::serialize::OutputArchive&) const override { throw std::runtime_error("disk gone"); }
  } exploding;
  EXPECT_THROW(train::save_checkpoint(path, exploding, nullptr, train::LoopState{5, 5, 0.9, "", {}, false}), std::runtime_error);
  EXPECT_EQ(files_in(tmp.path()), 1u);

  torch::nn::Linear restored(3, 2);
  torch::optim::Adam opt2(restored->parameters(), 0.1);
  const auto state = train::load_checkpoint(path, *restored, &opt2);
  EXPECT_EQ(state.epochs_done, 4);
  EXPECT_EQ(state.best_epoch, 3);
  EXPECT_DOUBLE_EQ(state.best_value, 0.75);
  EXPECT_EQ(state.best_record, "{\"eval\": 0.5}");
  EXPECT_DOUBLE_EQ(state.plateau.scale, 0.25);
  EXPECT_EQ(state.plateau.bad_epochs, 2);
  EXPECT_TRUE(state.stopped_early);
  EXPECT_TRUE(torch::equal(restored->weight, saved_weight));
  EXPECT_EQ(opt2.state().size(), opt.state().size());
}

TEST(Checkpoint, CorruptOrMissingFileIsANamedError) {
  test::TempDir tmp;
  torch::nn::Linear model(3, 2);
  test::write_file(tmp.file("bad.pt"), "not a checkpoint");
  try {
    train::load_checkpoint(tmp.file("bad.pt"), *model, nullptr);
    FAIL();
  } catch (const RunError& e) {
    EXPECT_NE(std::string(e.what()).find(tmp.file("bad.pt") + ": cannot load the checkpoint"), std::string::npos);
  }
  EXPECT_THROW(train::load_checkpoint(tmp.file("none.pt"), *model, nullptr), RunError);
  // A checkpoint of another shape is refused too.
  train::save_checkpoint(tmp.file("other.pt"), *torch::nn::Linear(4, 2), nullptr, {});
  EXPECT_THROW(train::load_checkpoint(tmp.file("other.pt"), *model, nullptr), RunError);
}

}  // namespace
}  // namespace emorec

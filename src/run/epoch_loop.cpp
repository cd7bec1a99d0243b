#include "run/epoch_loop.h"

#include <nlohmann/json.hpp>

#include <optional>

#include "core/error.h"
#include "core/log.h"
#include "core/rng.h"
#include "dist/world.h"
#include "run/metrics_log.h"
#include "run/run_checkpoints.h"
#include "train/optimizer.h"
#include "train/schedule.h"

namespace emorec::run {
namespace {

nlohmann::json record_of(const std::map<std::string, Scores>& best) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [split, s] : best) j[split] = s.to_json();
  return j;
}

std::map<std::string, Scores> best_of(const std::string& record) {
  std::map<std::string, Scores> out;
  const auto j = nlohmann::json::parse(record, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return out;
  for (const auto& [split, s] : j.items()) out[split] = Scores::from_json(s);
  return out;
}

// Evaluates the task's once-per-run splits on the best checkpoint and records them (epoch = best epoch).
void final_evaluation(PreparedRun& p, const RunDir& dir, const MetricsLog* log, RunOutcome* out) {
  const auto splits = p.task->final_splits();
  if (splits.empty() || out->best_epoch == 0) return;
  dist::World::get().barrier("the best checkpoint's commit");  // rank 0 wrote it; every rank reads it
  train::load_checkpoint(dir.checkpoint("best"), p.task->model(), nullptr);
  // out->best holds the best epoch's per-epoch splits: scores of the checkpoint just loaded.
  for (auto& [split, s] : p.task->evaluate_all(splits, out->best)) {
    if (log) log->append(out->best_epoch, split, s, NAN);
    out->best[split] = std::move(s);
  }
}

}  // namespace

RunOutcome run_epochs(PreparedRun& p, const RunDir& dir, train::LoopState state, const TrainOptions& options,
                      bool* checkpointed) {
  const auto& cfg = p.config;
  Task& task = *p.task;
  // Data-parallel: rank 0 alone writes metrics, checkpoints and status; every rank runs the same loop, as
  // every rank holds the same (gathered) evaluation results and so takes the same decisions.
  auto& world = dist::World::get();
  std::optional<MetricsLog> log;
  if (world.leader()) log.emplace(dir.path(), task.columns(), state.epochs_done, task.final_splits());
  RunOutcome out;
  out.run_dir = dir.path();
  out.best = best_of(state.best_record);
  out.best_epoch = state.best_epoch;
  int64_t last = cfg.train.epochs;
  if (options.max_new_epochs >= 0) last = std::min(last, state.epochs_done + options.max_new_epochs);
  double train_seconds = 0;
  int64_t ran = 0;
  const auto& tc = cfg.train;
  for (int64_t epoch = state.epochs_done; epoch < last && !state.stopped_early; ++epoch) {
    const double lr = train::scheduled_lr(tc.schedule, tc.optimizer.lr, epoch, tc.epochs, state.plateau);
    train::set_learning_rate(task.optimizer(), lr);
    // LibTorch's generator (dropout) restarts from (seed, epoch), so a resumed epoch draws what the
    // uninterrupted run drew.
    torch::manual_seed(
        world.rank_seed(derive_seed(static_cast<uint64_t>(cfg.seed), "epoch", static_cast<uint64_t>(epoch))));
    const Scores train_scores = task.train_epoch(epoch, options.progress);
    train_seconds += train_scores.seconds, ++ran;
    const SplitScores splits = task.evaluate_epoch(train_scores);
    const int64_t e1 = epoch + 1;
    log_info(task.epoch_line(e1, tc.epochs, splits));
    const Scores* eval = nullptr;
    for (const auto& [split, s] : splits) {
      if (log) log->append(e1, split, s, lr);
      if (split == "eval") eval = &s;
    }
    if (!eval) throw RunError("the task reported no eval split");
    state.epochs_done = e1;
    const double value = eval->get(cfg.eval.select_metric);
    const bool improved = state.best_epoch == 0 || value > state.best_value;
    if (improved) {
      out.best.clear();
      for (const auto& [split, s] : splits) {
        if (split != "train") out.best[split] = s;
      }
      state.best_epoch = e1, state.best_value = value, state.best_record = record_of(out.best).dump();
      out.best_epoch = e1;
    }
    train::observe_epoch(tc.schedule, state.plateau, value);
    if (tc.early_stopping_patience > 0 && e1 - state.best_epoch >= tc.early_stopping_patience) {
      state.stopped_early = true;
      log_info("early stopping: no better eval ", cfg.eval.select_metric, " for ", tc.early_stopping_patience,
               " epochs (best: epoch ", state.best_epoch, ")");
    }
    if (!world.leader()) {  // rank 0 commits the checkpoint and the status
      *checkpointed = true;
      continue;
    }
    RunCheckpoints(dir.checkpoints_folder()).commit(e1, improved, task.model(), task.optimizer(), state);
    *checkpointed = true;
    dir.update_status({{"epochs_done", e1},
                       {"updated", utc_now_iso()},
                       {"best", {{"epoch", state.best_epoch}, {"metric", cfg.eval.select_metric},
                                 {"value", state.best_value}}}});
  }
  out.epochs_done = state.epochs_done;
  out.stopped_early = state.stopped_early;
  out.seconds_per_epoch = ran ? train_seconds / static_cast<double>(ran) : 0;
  if (out.epochs_done >= cfg.train.epochs || out.stopped_early)
    final_evaluation(p, dir, log ? &*log : nullptr, &out);
  return out;
}

}  // namespace emorec::run

// The experiment loop and its run-folder bookkeeping.
#include "run/experiment_runner.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.h"
#include "core/device.h"
#include "core/error.h"
#include "core/log.h"
#include "core/rng.h"
#include "report/run_plots.h"
#include "run/components.h"
#include "run/metrics_log.h"
#include "run/run_checkpoints.h"
#include "run/run_dir.h"
#include "train/checkpoint.h"
#include "train/optimizer.h"
#include "train/schedule.h"

namespace emorec::run {

const Scores& RunOutcome::at(const std::string& split) const {
  const auto it = best.find(split);
  if (it == best.end()) throw RunError(run_dir + ": no scores for split \"" + split + "\"");
  return it->second;
}

const Scores& EvalOutcome::at(const std::string& split) const {
  for (const auto& [name, s] : splits) {
    if (name == split) return s;
  }
  throw RunError("no scores for split \"" + split + "\"");
}

namespace {

// Everything a run needs before its folder exists: failures here leave nothing behind.
struct Prepared {
  config::ExperimentConfig config;
  torch::Device device{torch::kCPU};
  std::unique_ptr<Task> task;
};

std::unique_ptr<Prepared> prepare(const config::ExperimentConfig& config, bool from_checkpoint = false) {
  auto p = std::make_unique<Prepared>();
  p->config = config;
  p->device = resolve_device(config.device);
  configure_torch(config.threads, derive_seed(static_cast<uint64_t>(config.seed), "torch"));
  p->task = make_task(p->config, p->device, from_checkpoint);
  return p;
}

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
void final_evaluation(Prepared& p, const RunDir& dir, const MetricsLog& log, RunOutcome* out) {
  const auto splits = p.task->final_splits();
  if (splits.empty() || out->best_epoch == 0) return;
  train::load_checkpoint(dir.checkpoint("best"), p.task->model(), nullptr);
  for (auto& [split, s] : p.task->evaluate_all(splits)) {
    log.append(out->best_epoch, split, s, NAN);
    out->best[split] = std::move(s);
  }
}

// The epoch loop from `state` to train.epochs (or max_new_epochs more, or early stopping), recording into
// `dir`. Per epoch: metric rows first, then the checkpoints and their manifest (the commit point), then
// run.json. A crash before the manifest is written redoes the epoch, and the resumed run drops the rows of
// epochs past the committed one.
RunOutcome loop(Prepared& p, const RunDir& dir, train::LoopState state, const TrainOptions& options,
                bool* checkpointed) {
  const auto& cfg = p.config;
  Task& task = *p.task;
  MetricsLog log(dir.path(), task.columns(), state.epochs_done, task.final_splits());
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
    torch::manual_seed(derive_seed(static_cast<uint64_t>(cfg.seed), "epoch", static_cast<uint64_t>(epoch)));
    const Scores train_scores = task.train_epoch(epoch, options.progress);
    train_seconds += train_scores.seconds, ++ran;
    const SplitScores splits = task.evaluate_epoch(train_scores);
    const int64_t e1 = epoch + 1;
    log_info(task.epoch_line(e1, tc.epochs, splits));
    const Scores* eval = nullptr;
    for (const auto& [split, s] : splits) {
      log.append(e1, split, s, lr);
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
    if (tc.schedule.name == "plateau") train::update_plateau(tc.schedule, state.plateau, value);
    if (tc.early_stopping_patience > 0 && e1 - state.best_epoch >= tc.early_stopping_patience) {
      state.stopped_early = true;
      log_info("early stopping: no better eval ", cfg.eval.select_metric, " for ", tc.early_stopping_patience,
               " epochs (best: epoch ", state.best_epoch, ")");
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
  if (out.epochs_done >= cfg.train.epochs || out.stopped_early) final_evaluation(p, dir, log, &out);
  return out;
}

nlohmann::json values_of(const Scores& s) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : s.values) j[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
  for (const auto& [k, v] : s.detail.items()) j[k] = v;
  return j;
}

void write_summary(const Prepared& p, const RunDir& dir, const RunOutcome& out) {
  const auto& ref = p.config.reference;
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  nlohmann::json summary = {
      {"experiment", p.config.experiment},
      {"run", dir.path()},
      {"epochs_done", out.epochs_done},
      {"best_epoch", out.best_epoch},
      {"stopped_early", out.stopped_early},
      {"select_metric", p.config.eval.select_metric},
      {"reference", {{"source", ref.source}, {"split", ref.split}, {"auc", opt(ref.auc)}, {"acc", opt(ref.acc)},
                     {"f1", opt(ref.f1)}}},
      {"train_seconds_per_epoch", out.seconds_per_epoch},
      {"device", p.device.str()},
      {"commit", build_commit()}};
  for (const auto& [split, s] : out.best) summary[split] = values_of(s);
  write_file_atomic(dir.file("summary.json"), summary.dump(2) + "\n");
}

RunOutcome run_guarded(Prepared& p, const RunDir& dir, const train::LoopState& state, const TrainOptions& options,
                       bool fresh) {
  bool checkpointed = !fresh;
  try {
    add_log_file(dir.file("train.log"));
    log_info("run folder ", dir.path());
    dir.update_status({{"status", "running"}, {"device", p.device.str()}, {"commit", build_commit()},
                       {"started", utc_now_iso()}});
    RunOutcome out = loop(p, dir, state, options, &checkpointed);
    const bool complete = out.epochs_done >= p.config.train.epochs || out.stopped_early;
    dir.update_status({{"status", complete ? "completed" : "stopped"},
                       {"stopped_early", out.stopped_early},
                       {"finished", utc_now_iso()}});
    write_summary(p, dir, out);
    try {
      report::write_run_plots(dir.path());
    } catch (const std::exception& e) {
      log_warn("plots not written: ", e.what());  // pictures are a convenience; the run's record is complete
    }
    log_info("\n", format_comparison(p.config, out));
    remove_log_file();
    return out;
  } catch (const std::exception& e) {
    log_error(e.what());
    remove_log_file();
    if (!checkpointed) {
      std::error_code ec;
      std::filesystem::remove_all(dir.path(), ec);  // nothing worth keeping: no half-written folder
    } else {
      try {
        dir.update_status({{"status", "failed"}, {"error", e.what()}, {"finished", utc_now_iso()}});
      } catch (...) {
      }
    }
    throw;
  }
}

}  // namespace

RunOutcome train_experiment(const config::ExperimentConfig& config, const TrainOptions& options) {
  auto p = prepare(config);
  const RunDir dir = RunDir::create(config.output.runs_dir, config.experiment);
  try {
    write_file_atomic(dir.file("config.yaml"), experiment_to_yaml(p->config));
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove_all(dir.path(), ec);
    throw;
  }
  return run_guarded(*p, dir, train::LoopState{}, options, true);
}

RunOutcome resume_experiment(const std::string& run_dir, const std::vector<std::string>& overrides,
                             const TrainOptions& options) {
  for (const auto& o : overrides) {
    if (o.rfind("train.epochs=", 0) != 0) {
      throw ConfigError("--set " + o + ": only train.epochs can change when resuming a run");
    }
  }
  const RunDir dir = RunDir::open(run_dir);
  if (const int n = dir.clean()) log_info("removed ", n, " file(s) an interrupted run left in ", dir.path());
  auto config = load_experiment(dir.file("config.yaml"), overrides);
  auto p = prepare(config, /*from_checkpoint=*/true);
  const auto state = train::load_checkpoint(dir.checkpoint("last"), p->task->model(), &p->task->optimizer());
  // A run whose epochs are all done but that did not complete (it died in its final evaluation or while
  // writing its summary) resumes into just that end.
  const bool completed = dir.status().value("status", "") == "completed";
  if (state.stopped_early && completed) {
    throw ConfigError(dir.path() + ": early stopping ended this run after epoch " + std::to_string(state.epochs_done) +
                      "; there is nothing to resume");
  }
  if (state.epochs_done >= config.train.epochs && completed) {
    throw ConfigError(dir.path() + ": already trained for " + std::to_string(state.epochs_done) +
                      " epochs; extend it with --set train.epochs=N");
  }
  write_file_atomic(dir.file("config.yaml"), experiment_to_yaml(p->config));
  log_info("resuming ", dir.path(), " after epoch ", state.epochs_done);
  return run_guarded(*p, dir, state, options, false);
}

EvalOutcome evaluate_run(const std::string& run_dir, const std::string& checkpoint) {
  const RunDir dir = RunDir::open(run_dir);
  auto p = prepare(load_experiment(dir.file("config.yaml")), /*from_checkpoint=*/true);
  EvalOutcome out;
  out.epoch = train::load_checkpoint(dir.checkpoint(checkpoint), p->task->model(), nullptr).epochs_done;
  std::vector<std::string> splits = {"eval", "test"};
  for (const auto& s : p->task->final_splits()) {
    if (std::find(splits.begin(), splits.end(), s) == splits.end()) splits.push_back(s);
  }
  out.splits = p->task->evaluate_all(splits);
  return out;
}

std::string format_comparison(const config::ExperimentConfig& config, const RunOutcome& out) {
  std::ostringstream s;
  char line[160];
  const std::string split = out.best.count(config.reference.split) ? config.reference.split : "test";
  s << config.experiment << ": " << split << " metrics at the best eval " << config.eval.select_metric << " (epoch "
    << out.best_epoch << " of " << out.epochs_done << (out.stopped_early ? ", stopped early" : "") << ")\n";
  if (!out.best.count(split)) return s.str();
  const Scores& ours = out.best.at(split);
  std::snprintf(line, sizeof line, "  %-8s %8s %8s %8s\n", "metric", "ours", "paper", "diff");
  s << line;
  auto put = [&](const char* name, double v, const std::optional<double>& paper) {
    if (!std::isfinite(v) && !paper) return;
    if (paper) {
      std::snprintf(line, sizeof line, "  %-8s %8.4f %8.4f %+8.4f\n", name, v, *paper, v - *paper);
    } else {
      std::snprintf(line, sizeof line, "  %-8s %8.4f %8s %8s\n", name, v, "-", "");
    }
    s << line;
  };
  put("AUC", ours.get("auc"), config.reference.auc);
  put("F1", ours.get("f1"), config.reference.f1);
  put("ACC", ours.get("acc"), config.reference.acc);
  if (config.eval.batched_protocol > 0) {
    const std::string b = std::to_string(config.eval.batched_protocol);
    s << "  with the reference code's protocol (AUC and F1 averaged over batches of " << b << "):\n";
    put("AUC", ours.get("auc_batched"), config.reference.auc);
    put("F1", ours.get("f1_batched"), config.reference.f1);
  }
  for (const auto& [name, sc] : out.best) {
    if (name == split || !sc.has("acc") || sc.has("auc")) continue;
    std::snprintf(line, sizeof line, "  accuracy on %s: %.4f\n", name.c_str(), sc.get("acc"));
    s << line;
  }
  if (!config.reference.source.empty()) s << "  paper: " << config.reference.source << "\n";
  return s.str();
}

}  // namespace emorec::run

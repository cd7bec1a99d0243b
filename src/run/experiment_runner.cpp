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
#include "data/kg_dataset.h"
#include "run/metrics_log.h"
#include "run/run_dir.h"
#include "train/checkpoint.h"

namespace emorec::run {
namespace {

nlohmann::json to_json(const train::SplitMetrics& m) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  return {{"loss", num(m.loss)}, {"auc", num(m.auc)},  {"acc", num(m.acc)},
          {"f1", num(m.f1)},     {"auc_batched", num(m.auc_batched)}, {"f1_batched", num(m.f1_batched)}};
}

MetricsRow row(int64_t epoch, const char* split, const train::SplitMetrics& m, double lr) {
  return {epoch, split, m.loss, m.auc, m.acc, m.f1, m.auc_batched, m.f1_batched, lr, m.seconds};
}

// Everything a run needs before its folder exists: failures here leave nothing behind.
struct Prepared {
  config::ExperimentConfig config;
  torch::Device device{torch::kCPU};
  data::KgDataset dataset;
  std::unique_ptr<train::KgTrainer> trainer;
};

// `from_checkpoint`: the model will be restored next, so closed-form models skip their fit.
std::unique_ptr<Prepared> prepare(const config::ExperimentConfig& config, bool from_checkpoint = false) {
  auto p = std::make_unique<Prepared>();
  p->config = config;
  p->device = resolve_device(config.device);
  const auto seed = static_cast<uint64_t>(config.seed);
  configure_torch(config.threads, derive_seed(seed, "torch"));
  p->dataset = data::load_kg_dataset(p->config.data, seed);
  log_info(p->dataset.summary());
  p->trainer = std::make_unique<train::KgTrainer>(p->config, p->dataset, p->device, !from_checkpoint);
  return p;
}

// The best epoch's eval and test metrics travel inside the checkpoint (LoopState::best_metrics), so a
// resumed run reports the same best epoch whatever moment the previous process died at.
std::vector<double> pack(const train::SplitMetrics& eval, const train::SplitMetrics& test) {
  std::vector<double> v;
  for (const auto* m : {&eval, &test}) v.insert(v.end(), {m->loss, m->auc, m->acc, m->f1, m->auc_batched, m->f1_batched});
  return v;
}

void unpack(const std::vector<double>& v, train::SplitMetrics* eval, train::SplitMetrics* test) {
  if (v.size() != 12) return;
  train::SplitMetrics* ms[] = {eval, test};
  for (size_t i = 0; i < 2; ++i) {
    const double* x = v.data() + 6 * i;
    ms[i]->loss = x[0], ms[i]->auc = x[1], ms[i]->acc = x[2], ms[i]->f1 = x[3];
    ms[i]->auc_batched = x[4], ms[i]->f1_batched = x[5];
  }
}

// The epoch loop from `state` to train.epochs (or max_new_epochs more), recording into `dir`. Per epoch:
// metric rows first, then best.pt, then last.pt (the commit point), then run.json. A crash before last.pt
// is replaced redoes the epoch, and the resumed run drops the rows of epochs past last.pt's.
RunOutcome loop(Prepared& p, const RunDir& dir, train::LoopState state, const TrainOptions& options,
                bool* checkpointed) {
  const auto& cfg = p.config;
  auto& trainer = *p.trainer;
  MetricsLog log(dir.path(), state.epochs_done);
  RunOutcome out;
  out.run_dir = dir.path();
  unpack(state.best_metrics, &out.best_eval, &out.best_test);
  out.best_epoch = state.best_epoch;
  int64_t last = cfg.train.epochs;
  if (options.max_new_epochs >= 0) last = std::min(last, state.epochs_done + options.max_new_epochs);
  double train_seconds = 0;
  int64_t ran = 0;
  for (int64_t epoch = state.epochs_done; epoch < last; ++epoch) {
    const auto train_m = trainer.train_epoch(epoch, options.progress);
    train_seconds += train_m.seconds, ++ran;
    const double lr = trainer.optimizer().param_groups().front().options().get_lr();
    auto train_eval = trainer.evaluate(p.dataset.split.train);
    train_eval.loss = train_m.loss, train_eval.seconds = train_m.seconds;
    const auto eval_m = trainer.evaluate(p.dataset.split.eval);
    const auto test_m = trainer.evaluate(p.dataset.split.test);
    const int64_t e1 = epoch + 1;
    char line[256];
    std::snprintf(line, sizeof line,
                  "epoch %lld/%lld  loss %.4f  train auc %.4f  eval auc %.4f f1 %.4f  test auc %.4f f1 %.4f  (%.1fs)",
                  static_cast<long long>(e1), static_cast<long long>(cfg.train.epochs), train_m.loss, train_eval.auc,
                  eval_m.auc, eval_m.f1, test_m.auc, test_m.f1, train_m.seconds);
    log_info(line);
    log.append(row(e1, "train", train_eval, lr));
    log.append(row(e1, "eval", eval_m, lr));
    log.append(row(e1, "test", test_m, lr));
    state.epochs_done = e1;
    const double value = eval_m.get(cfg.eval.select_metric);
    const bool improved = state.best_epoch == 0 || value > state.best_value;
    if (improved) {
      state.best_epoch = e1, state.best_value = value, state.best_metrics = pack(eval_m, test_m);
      out.best_epoch = e1, out.best_eval = eval_m, out.best_test = test_m;
      train::save_checkpoint(dir.checkpoint("best"), trainer.model(), nullptr, state);
    }
    train::save_checkpoint(dir.checkpoint("last"), trainer.model(), &trainer.optimizer(), state);
    *checkpointed = true;
    dir.update_status({{"epochs_done", e1},
                       {"updated", utc_now_iso()},
                       {"best", {{"epoch", out.best_epoch}, {"metric", cfg.eval.select_metric},
                                 {"eval", to_json(out.best_eval)}, {"test", to_json(out.best_test)}}}});
  }
  out.epochs_done = state.epochs_done;
  out.seconds_per_epoch = ran ? train_seconds / static_cast<double>(ran) : 0;
  return out;
}

void write_summary(const Prepared& p, const RunDir& dir, const RunOutcome& out) {
  const auto& ref = p.config.reference;
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  nlohmann::json summary = {
      {"experiment", p.config.experiment},
      {"run", dir.path()},
      {"epochs_done", out.epochs_done},
      {"best_epoch", out.best_epoch},
      {"select_metric", p.config.eval.select_metric},
      {"eval", to_json(out.best_eval)},
      {"test", to_json(out.best_test)},
      {"reference", {{"source", ref.source}, {"auc", opt(ref.auc)}, {"acc", opt(ref.acc)}, {"f1", opt(ref.f1)}}},
      {"train_seconds_per_epoch", out.seconds_per_epoch},
      {"device", p.device.str()},
      {"commit", build_commit()}};
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
    const bool complete = out.epochs_done >= p.config.train.epochs;
    dir.update_status({{"status", complete ? "completed" : "stopped"}, {"finished", utc_now_iso()}});
    write_summary(p, dir, out);
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
    write_file_atomic(dir.file("config.yaml"), config::experiment_to_yaml(p->config));
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
  auto config = config::load_experiment(dir.file("config.yaml"), overrides);
  auto p = prepare(config, /*from_checkpoint=*/true);
  const auto state = train::load_checkpoint(dir.checkpoint("last"), p->trainer->model(), &p->trainer->optimizer());
  if (state.epochs_done >= config.train.epochs) {
    throw ConfigError(dir.path() + ": already trained for " + std::to_string(state.epochs_done) +
                      " epochs; extend it with --set train.epochs=N");
  }
  write_file_atomic(dir.file("config.yaml"), config::experiment_to_yaml(p->config));
  log_info("resuming ", dir.path(), " after epoch ", state.epochs_done);
  return run_guarded(*p, dir, state, options, false);
}

EvalOutcome evaluate_run(const std::string& run_dir, const std::string& checkpoint) {
  const RunDir dir = RunDir::open(run_dir);
  auto p = prepare(config::load_experiment(dir.file("config.yaml")), /*from_checkpoint=*/true);
  EvalOutcome out;
  out.epoch = train::load_checkpoint(dir.checkpoint(checkpoint), p->trainer->model(), nullptr).epochs_done;
  out.eval = p->trainer->evaluate(p->dataset.split.eval);
  out.test = p->trainer->evaluate(p->dataset.split.test);
  return out;
}

std::string format_comparison(const config::ExperimentConfig& config, const RunOutcome& out) {
  std::ostringstream s;
  char line[160];
  s << config.experiment << ": test metrics at the best eval " << config.eval.select_metric << " (epoch "
    << out.best_epoch << " of " << out.epochs_done << ")\n";
  std::snprintf(line, sizeof line, "  %-8s %8s %8s %8s\n", "metric", "ours", "paper", "diff");
  s << line;
  auto put = [&](const char* name, double ours, const std::optional<double>& paper) {
    if (paper) {
      std::snprintf(line, sizeof line, "  %-8s %8.4f %8.4f %+8.4f\n", name, ours, *paper, ours - *paper);
    } else {
      std::snprintf(line, sizeof line, "  %-8s %8.4f %8s %8s\n", name, ours, "-", "");
    }
    s << line;
  };
  put("AUC", out.best_test.auc, config.reference.auc);
  put("F1", out.best_test.f1, config.reference.f1);
  put("ACC", out.best_test.acc, config.reference.acc);
  if (config.eval.batched_protocol > 0) {
    const std::string b = std::to_string(config.eval.batched_protocol);
    s << "  with the reference code's protocol (AUC and F1 averaged over batches of " << b << "):\n";
    put("AUC", out.best_test.auc_batched, config.reference.auc);
    put("F1", out.best_test.f1_batched, config.reference.f1);
  }
  if (!config.reference.source.empty()) s << "  paper: " << config.reference.source << "\n";
  return s.str();
}

}  // namespace emorec::run

// Training, resuming and re-evaluating a run: preparation before the run folder exists, the folder's
// status and log around the epoch loop (run/epoch_loop.h), and what is left behind on failure.
#include "run/experiment_runner.h"

#include <cstdio>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/device.h"
#include "core/error.h"
#include "core/log.h"
#include "core/rng.h"
#include "dist/world.h"
#include "report/run_plots.h"
#include "run/components.h"
#include "run/epoch_loop.h"
#include "run/paper_comparison.h"
#include "run/run_checkpoints.h"
#include "run/run_config.h"
#include "run/run_dir.h"
#include "run/run_summary.h"
#include "train/checkpoint.h"

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

std::unique_ptr<PreparedRun> prepare(const config::ExperimentConfig& config, bool from_checkpoint = false) {
  auto p = std::make_unique<PreparedRun>();
  p->config = config;
  p->device = resolve_device(config.device);
  // Under `emorec launch`: join the job (one GPU per local rank), quiet the other ranks' logs, and derive
  // this rank's random streams.
  const auto env = dist::read_worker_env();
  if (env.size > 1 && p->device.is_cuda()) p->device = torch::Device(torch::kCUDA, env.local_rank);
  auto& world = dist::World::get();
  world.init({config.train.distributed.backend, config.train.distributed.timeout_s}, p->device);
  set_log_rank(world.rank());
  configure_torch(config.threads, world.rank_seed(derive_seed(static_cast<uint64_t>(config.seed), "torch")));
  p->task = make_task(p->config, p->device, from_checkpoint);
  return p;
}

RunOutcome run_guarded(PreparedRun& p, const RunDir& dir, const train::LoopState& state, const TrainOptions& options,
                       bool fresh) {
  bool checkpointed = !fresh;
  const bool leader = dist::World::get().leader();
  if (!leader) {  // rank 0 alone writes the folder; the others train and evaluate beside it
    TrainOptions quiet = options;
    quiet.progress = false;
    return run_epochs(p, dir, state, quiet, &checkpointed);
  }
  try {
    add_log_file(dir.file("train.log"));
    log_info("run folder ", dir.path());
    dir.update_status({{"status", "running"}, {"device", p.device.str()}, {"commit", build_commit()},
                       {"started", utc_now_iso()}});
    RunOutcome out = run_epochs(p, dir, state, options, &checkpointed);
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
  auto& world = dist::World::get();
  std::string path;
  if (world.leader()) {
    path = RunDir::create(config.output.runs_dir, config.experiment,
                          {{"config.yaml", experiment_to_yaml(p->config)}})
               .path();
  }
  world.broadcast_text(path, 0, "the run folder's path");
  return run_guarded(*p, RunDir::open(path), train::LoopState{}, options, true);
}

RunOutcome resume_experiment(const std::string& run_dir, const std::vector<std::string>& overrides,
                             const TrainOptions& options) {
  for (const auto& o : overrides) {
    if (o.rfind("train.epochs=", 0) != 0) {
      throw ConfigError("--set " + o + ": only train.epochs can change when resuming a run");
    }
  }
  const RunDir dir = RunDir::open(run_dir);
  auto config = load_run_config(dir.file("config.yaml"), overrides);
  const bool leader = dist::read_worker_env().rank == 0;
  if (leader) {
    if (const int n = dir.clean())
      log_info("removed ", n, " file(s) an interrupted run left in ", dir.path());
  }
  if (!RunCheckpoints(dir.checkpoints_folder()).committed()) {
    // Killed before its first epoch was committed: nothing to resume from, so the run starts over in its folder,
    // as the same seed would have it.
    log_info("no epoch of ", dir.path(), " was committed (the process died in its first epoch); starting it over");
    auto p = prepare(config);
    if (leader) write_file_atomic(dir.file("config.yaml"), experiment_to_yaml(p->config));
    return run_guarded(*p, dir, train::LoopState{}, options, false);
  }
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
  if (leader) write_file_atomic(dir.file("config.yaml"), experiment_to_yaml(p->config));
  log_info("resuming ", dir.path(), " after epoch ", state.epochs_done);
  return run_guarded(*p, dir, state, options, false);
}

EvalOutcome evaluate_run(const std::string& run_dir, const std::string& checkpoint) {
  const RunDir dir = RunDir::open(run_dir);
  auto p = prepare(load_run_config(dir.file("config.yaml")), /*from_checkpoint=*/true);
  EvalOutcome out;
  out.epoch = train::load_checkpoint(dir.checkpoint(checkpoint), p->task->model(), nullptr).epochs_done;
  std::vector<std::string> splits = {"eval", "test"};
  for (const auto& s : p->task->final_splits()) {
    if (std::find(splits.begin(), splits.end(), s) == splits.end()) splits.push_back(s);
  }
  out.splits = p->task->evaluate_all(splits);
  return out;
}

}  // namespace emorec::run

// emorec train CONFIG [--set k=v ...] | emorec train --resume RUN [--set train.epochs=N]
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "config/experiment.h"
#include "core/error.h"
#include "dist/world.h"
#include "run/components.h"
#include "run/experiment_runner.h"

namespace emorec::cli {

Command add_train(CLI::App& app) {
  struct Args {
    std::string config, resume;
    std::vector<std::string> sets;
    bool no_progress = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("train", "train an experiment from a YAML file, or resume a run");
  sub->add_option("config", args->config, "experiment YAML, e.g. configs/kg/kgcn_lastfm_sum.yaml");
  sub->add_option("--resume", args->resume, "continue this run folder from its last checkpoint");
  sub->add_option("--set", args->sets, "override a config key, e.g. --set train.epochs=3 (repeatable)");
  sub->add_flag("--no-progress", args->no_progress, "no progress bars");
  return [args] {
    if (args->config.empty() == args->resume.empty()) {
      throw ConfigError("train: give either a CONFIG file or --resume RUN (exactly one)");
    }
    run::TrainOptions options;
    options.progress = !args->no_progress;  // a bar on a terminal, plain quarter lines otherwise
    run::RunOutcome out;
    if (!args->resume.empty()) {
      out = run::resume_experiment(args->resume, args->sets, options);
    } else {
      out = run::train_experiment(run::load_experiment(args->config, args->sets), options);
    }
    if (dist::World::get().leader()) std::cout << out.run_dir << "\n";  // under emorec launch: once
    return 0;
  };
}

}  // namespace emorec::cli

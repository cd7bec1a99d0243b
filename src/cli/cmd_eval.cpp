// emorec eval RUN [--checkpoint best|last]
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "run/experiment_runner.h"

namespace emorec::cli {

Command add_eval(CLI::App& app) {
  struct Args {
    std::string run, checkpoint = "best";
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("eval", "re-evaluate a run's checkpoint on its eval and test splits (FER: also eval+test)");
  sub->add_option("run", args->run, "run folder, e.g. runs/kgcn_lastfm_sum/20261121-140000-a1b2c3")->required();
  sub->add_option("--checkpoint", args->checkpoint, "which checkpoint")->check(CLI::IsMember({"best", "last"}));
  return [args] {
    const auto out = run::evaluate_run(args->run, args->checkpoint);
    std::printf("%s (%s checkpoint, epoch %lld)\n", args->run.c_str(), args->checkpoint.c_str(),
                static_cast<long long>(out.epoch));
    std::printf("  %-10s %8s %8s %8s %8s\n", "split", "loss", "auc", "acc", "f1");
    for (const auto& [name, m] : out.splits) {
      std::printf("  %-10s %8.4f %8.4f %8.4f %8.4f\n", name.c_str(), m.get("loss"), m.get("auc"), m.get("acc"),
                  m.get("f1"));
    }
    return 0;
  };
}

}  // namespace emorec::cli

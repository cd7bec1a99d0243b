// emorec eval RUN [--checkpoint best|last] [--json]; under emorec launch, evaluation is sharded over the
// ranks and rank 0 prints.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "dist/world.h"
#include "run/experiment_runner.h"

namespace emorec::cli {

Command add_eval(CLI::App& app) {
  struct Args {
    std::string run, checkpoint = "best";
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("eval", "re-evaluate a run's checkpoint on its eval and test splits (FER: also eval+test)");
  sub->add_option("run", args->run, "run folder, e.g. runs/kgcn_lastfm_sum/20261121-140000-a1b2c3")->required();
  sub->add_option("--checkpoint", args->checkpoint, "which checkpoint")->check(CLI::IsMember({"best", "last"}));
  sub->add_flag("--json", args->json,
                "print {run, checkpoint, epoch, splits: {name: {metric: value, ...}}} as JSON");
  return [args] {
    const auto out = run::evaluate_run(args->run, args->checkpoint);
    if (!dist::World::get().leader()) return 0;
    if (args->json) {
      nlohmann::json splits = nlohmann::json::object();
      for (const auto& [name, m] : out.splits) {
        nlohmann::json j =
            nlohmann::json::object();  // metric -> value (null where not finite), then the rest
        for (const auto& [metric, value] : m.values)
          j[metric] = std::isfinite(value) ? nlohmann::json(value) : nullptr;
        j["seconds"] = m.seconds;
        if (!m.detail.empty()) j["detail"] = m.detail;
        splits[name] = j;
      }
      std::cout << nlohmann::json{{"run", args->run},
                                  {"checkpoint", args->checkpoint},
                                  {"epoch", out.epoch},
                                  {"splits", splits}}
                       .dump(2)
                << "\n";
      return 0;
    }
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

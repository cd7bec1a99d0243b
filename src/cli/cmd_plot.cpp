// emorec plot RUN: redraws a run's PNG plots from its metrics.jsonl.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "report/run_plots.h"

namespace emorec::cli {

Command add_plot(CLI::App& app) {
  auto run = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("plot", "redraw a run's plots (loss, accuracy or AUC, confusion matrices) as PNG");
  sub->add_option("run", *run, "run folder")->required();
  return [run] {
    for (const auto& path : report::write_run_plots(*run)) std::printf("%s\n", path.c_str());
    return 0;
  };
}

}  // namespace emorec::cli

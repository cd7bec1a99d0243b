// emorec config show CONFIG [--set ...] | emorec config docs: the resolved config, or every key's reference.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "config/experiment.h"
#include "run/components.h"

namespace emorec::cli {

Command add_config(CLI::App& app) {
  struct Args {
    std::string file;
    std::vector<std::string> sets;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("config", "check and print an experiment config, or the reference of all keys");
  sub->require_subcommand(1);
  auto* show = sub->add_subcommand("show", "validate CONFIG strictly and print it resolved (defaults filled in)");
  show->add_option("config", args->file, "experiment YAML")->required();
  show->add_option("--set", args->sets, "override a config key (repeatable)");
  auto* docs = sub->add_subcommand("docs", "print the Markdown reference of every config key (docs/CONFIG.md)");
  return [args, show, docs] {
    if (show->parsed()) {
      std::cout << run::experiment_to_yaml(run::load_experiment(args->file, args->sets));
    } else if (docs->parsed()) {
      std::cout << run::experiment_reference();
    }
    return 0;
  };
}

}  // namespace emorec::cli

// emorec reproduce TABLE [--seeds 1,2] [--only LABEL ...] [--set k=v ...] | emorec reproduce --resume FOLDER
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "run/reproduce.h"

namespace emorec::cli {
namespace {

// Single-quotes an argument for the recorded command line when a shell would split or expand it.
std::string shell_quoted(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t\n'\"$`\\*?[]{}()<>|&;#~") == std::string::npos) return arg;
  std::string out = "'";
  for (const char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Command add_reproduce(CLI::App& app) {
  struct Args {
    std::string table, resume, runs_dir = "runs";
    std::vector<std::string> only, sets;
    std::vector<int64_t> seeds;
    bool no_progress = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand(
      "reproduce",
      "run a reproduction table (configs x seeds) and write mean, sd, 95% CI, paired tests, table.md "
      "and plots into runs/tables/NAME/<timestamp>-<id>/ (docs/REPRODUCE.md)");
  sub->add_option(
      "table", args->table,
      "NAME (configs/tables/NAME.yaml) or a table .yaml; with --resume, defaults to FOLDER/table.yaml");
  sub->add_option("--resume", args->resume,
                  "complete this table folder: reuse its finished runs, train the rest");
  sub->add_option("--only", args->only, "run only the row with this label (repeatable)");
  sub->add_option("--seeds", args->seeds, "use these seeds instead of the table's, e.g. --seeds 1,2")
      ->delimiter(',');
  sub->add_option(
      "--set", args->sets,
      "override a config key in every row, after the table's and the row's own overrides, e.g. --set "
      "train.epochs=1 (repeatable)");
  sub->add_option("--runs-dir", args->runs_dir, "the folder that holds tables/NAME/ (default: runs)");
  sub->add_flag("--no-progress", args->no_progress, "no progress bars");
  return [args] {
    if (args->table.empty() && args->resume.empty()) {
      throw ConfigError(
          "reproduce: give a TABLE (a name under configs/tables/ or a .yaml file), or --resume FOLDER");
    }
    const std::string path =
        args->table.empty() ? args->resume + "/table.yaml" : run::resolve_table_path(args->table);
    const run::TableSpec table = run::load_table(path);
    run::ReproduceOptions options;
    options.runs_dir = args->runs_dir;
    options.resume = args->resume;
    options.only = args->only;
    options.seeds = args->seeds;
    options.sets = args->sets;
    options.progress = !args->no_progress;
    std::string command = "emorec reproduce";
    if (!args->table.empty()) command += " " + shell_quoted(args->table);
    if (!args->resume.empty()) command += " --resume " + shell_quoted(args->resume);
    for (const auto& o : args->only) command += " --only " + shell_quoted(o);
    for (size_t i = 0; i < args->seeds.size(); ++i) {
      command += (i == 0 ? " --seeds " : ",") + std::to_string(args->seeds[i]);
    }
    for (const auto& s : args->sets) command += " --set " + shell_quoted(s);
    if (args->runs_dir != "runs") command += " --runs-dir " + shell_quoted(args->runs_dir);
    options.command_line = command;
    options.on_run = [](const std::string& line) { std::cout << line << std::endl; };
    const auto out = run::reproduce_table(table, options);
    std::cerr << out.trained << " runs trained, " << out.reused << " reused\n";
    std::cout << out.folder << "\n";
    return 0;
  };
}

}  // namespace emorec::cli

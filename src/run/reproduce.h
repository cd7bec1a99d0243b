// Running a reproduction table: every row's config with every seed (and cross-validation fold), each run in its own run folder under one
// table folder runs/tables/NAME/<timestamp>-<id>/, then results.json, table.md and a per-epoch chart per
// plotted metric there. A resumed table folder reuses its completed runs and trains only the others.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "run/reproduce_results.h"
#include "run/reproduce_table.h"

namespace emorec::run {

struct ReproduceOptions {
  std::string runs_dir = "runs";                   // the table folder goes to runs_dir/tables/NAME/
  std::string resume;                              // an existing table folder to complete; empty: a new one
  std::vector<std::string> only;                   // labels of the rows to run; empty: every row
  std::vector<int64_t> seeds;                      // replaces the table's seeds when not empty
  std::vector<std::string> sets;                   // overrides appended to every row's (after the row's own)
  bool progress = true;                            // progress bars while training
  std::string command_line;                        // recorded in results.json and table.md
  std::function<void(const std::string&)> on_run;  // called with one line per finished or reused run
};

struct ReproduceOutcome {
  std::string folder;  // the table folder
  int trained = 0;     // runs trained by this call
  int reused = 0;      // completed runs found in a resumed folder
  TableResults results;
  std::vector<std::string> plots;  // the PNGs written
};

// Validates every row's config with every seed before anything is written (a ConfigError names the table
// file, the row's line and label); then trains. A run that fails stops the table with an error naming the
// row and seed; the runs completed so far stay, and --resume continues from them.
ReproduceOutcome reproduce_table(const TableSpec& table, const ReproduceOptions& options);

// The per-run folder name of a row, seed and fold: "<slug of the label>_seed<S>", with "_fold<F>" when the
// table cross-validates (fold >= 0).
std::string run_experiment_name(const std::string& label, int64_t seed, int64_t fold = -1);

}  // namespace emorec::run

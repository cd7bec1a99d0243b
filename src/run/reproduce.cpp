// The reproduction loop: plan and validate, find or train each run, then aggregate and write the outputs.
#include "run/reproduce.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "config/experiment.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/log.h"
#include "report/table_plots.h"
#include "run/components.h"
#include "run/run_config.h"
#include "run/experiment_runner.h"
#include "run/reproduce_markdown.h"
#include "run/run_dir.h"

namespace emorec::run {
namespace fs = std::filesystem;

namespace {

struct PlannedRun {
  size_t row = 0;  // index into the selected rows
  int64_t seed = 0;
  int64_t fold = -1;  // the cross-validation fold; -1: the table has none
  config::ExperimentConfig config;
};

// The rows named by --only, in the table's order.
std::vector<RowSpec> selected_rows(const TableSpec& table, const std::vector<std::string>& only) {
  if (only.empty()) return table.rows;
  for (const auto& label : only) {
    if (std::none_of(table.rows.begin(), table.rows.end(),
                     [&](const RowSpec& r) { return r.label == label; })) {
      std::string known;
      for (const auto& r : table.rows) known += (known.empty() ? "" : ", ") + r.label;
      throw ConfigError("--only " + label + ": " + table.path + " has no such row (rows: " + known + ")");
    }
  }
  std::vector<RowSpec> out;
  for (const auto& row : table.rows) {
    if (std::find(only.begin(), only.end(), row.label) != only.end()) out.push_back(row);
  }
  return out;
}

std::vector<int64_t> seeds_of(const TableSpec& table, const ReproduceOptions& options) {
  if (options.seeds.empty()) return table.seeds;
  const std::set<int64_t> distinct(options.seeds.begin(), options.seeds.end());
  if (distinct.size() != options.seeds.size()) throw ConfigError("--seeds: a seed is listed twice");
  return options.seeds;
}

// Loads every row with every seed (and fold), so that a bad table fails before any folder exists.
std::vector<PlannedRun> plan(const TableSpec& table, const std::vector<RowSpec>& rows,
                             const std::vector<int64_t>& seeds, const std::vector<std::string>& sets) {
  std::vector<PlannedRun> out;
  std::vector<int64_t> folds = {-1};
  if (table.folds > 0) {
    folds.clear();
    for (int64_t f = 0; f < table.folds; ++f) folds.push_back(f);
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    const RowSpec& row = rows[r];
    for (const int64_t seed : seeds) {
      for (const int64_t fold : folds) {
        std::vector<std::string> overrides = table.set;
        overrides.insert(overrides.end(), row.set.begin(), row.set.end());
        overrides.insert(overrides.end(), sets.begin(), sets.end());
        overrides.push_back("seed=" + std::to_string(seed));
        if (fold >= 0) {
          overrides.push_back("data.folds=" + std::to_string(table.folds));
          overrides.push_back("data.fold=" + std::to_string(fold));
        }
        overrides.push_back("experiment=" + run_experiment_name(row.label, seed, fold));
        try {
          out.push_back({r, seed, fold, load_experiment(row.config, overrides)});
        } catch (const ConfigError& e) {
          throw ConfigError(table.path + ":" + std::to_string(row.line) + ": row \"" + row.label +
                            "\": " + e.what());
        }
      }
    }
  }
  return out;
}

// A new table folder named like a run folder (runs_dir/tables/NAME/<timestamp>-<id>); it has no checkpoints.
std::string create_table_folder(const TableSpec& table, const ReproduceOptions& options) {
  return RunDir::create(options.runs_dir + "/tables", table.name, {{"table.yaml", table.text}}, false).path();
}

bool is_complete(const fs::path& run) {
  if (!fs::is_regular_file(run / "summary.json") || !fs::is_regular_file(run / "config.yaml")) return false;
  try {
    return RunDir::open(run.string()).status().value("status", "") == "completed";
  } catch (const RunError&) {
    return false;  // a malformed run.json: the run is trained again
  }
}

// The completed run of `planned` in a resumed table folder, after removing its incomplete ones; "" if none.
// A completed run must have been trained from the config the table gives now.
std::string reusable_run(const PlannedRun& planned, const std::string& context) {
  const fs::path parent = fs::path(planned.config.output.runs_dir) / planned.config.experiment;
  if (!fs::is_directory(parent)) return "";
  std::vector<fs::path> runs;
  for (const auto& e : fs::directory_iterator(parent)) {
    if (e.is_directory()) runs.push_back(e.path());
  }
  std::sort(runs.begin(), runs.end());  // timestamped names: the latest complete run wins
  std::string found;
  for (const auto& run : runs) {
    if (is_complete(run)) {
      found = run.string();
      continue;
    }
    log_info(context, "removing the incomplete run ", run.string());
    fs::remove_all(run);
  }
  if (found.empty()) return found;
  // A completed run killed while drawing its plots may hold a temporary of an interrupted write.
  if (const int n = RunDir::open(found).clean()) log_info(context, "removed ", n, " file(s) left in ", found);
  auto trained = load_run_config(found + "/config.yaml");
  trained.output.runs_dir = planned.config.output.runs_dir;  // the folder may be named differently now
  if (experiment_to_yaml(trained) != experiment_to_yaml(planned.config)) {
    throw ConfigError(context + found +
                      " was trained from another config than the table now gives; resume with "
                      "the same table, --set and --seeds, or start a new table folder");
  }
  return found;
}

// Trains one run; an error names the row and seed and keeps its kind (config, data, run).
std::string train_one(const PlannedRun& planned, const std::string& context, bool progress) {
  TrainOptions options;
  options.progress = progress;
  try {
    return train_experiment(planned.config, options).run_dir;
  } catch (const ConfigError& e) {
    throw ConfigError(context + e.what());
  } catch (const DataError& e) {
    throw DataError(context + e.what());
  } catch (const std::exception& e) {
    throw RunError(context + e.what());
  }
}

double number_or_nan(const nlohmann::json& j) {
  return j.is_number() ? j.get<double>() : NAN;
}

SeedResult read_run(const std::string& run_dir, int64_t seed, int64_t fold, const std::vector<std::string>& keys) {
  const std::string path = run_dir + "/summary.json";
  std::ifstream in(path);
  const auto summary = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!summary.is_object()) throw RunError(path + ": missing or malformed");
  SeedResult s;
  s.seed = seed;
  s.fold = fold;
  s.run_dir = run_dir;
  for (const auto& key : keys) {
    const auto [split, metric] = split_metric_key(key);
    const auto it = summary.find(split);
    s.metrics[key] =
        it != summary.end() && it->is_object() ? number_or_nan(it->value(metric, nlohmann::json())) : NAN;
  }
  s.best_epoch = summary.value("best_epoch", int64_t{0});
  s.seconds_per_epoch = number_or_nan(summary.value("train_seconds_per_epoch", nlohmann::json()));
  s.device = summary.value("device", "");
  return s;
}

std::string run_line(const RowSpec& row, const SeedResult& s, const std::string& primary, bool reused) {
  char line[256];
  const std::string fold = s.fold < 0 ? "" : " fold " + std::to_string(s.fold);
  std::snprintf(line, sizeof line, "%-24s seed %-6lld%s %s %.4f  %.3g s/epoch%s", row.label.c_str(),
                static_cast<long long>(s.seed), fold.c_str(), primary.c_str(), s.metrics.at(primary),
                s.seconds_per_epoch, reused ? "  (reused)" : "");
  return line;
}

std::string hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

TableMeta meta_of(const TableSpec& table, const ReproduceOptions& options, const std::vector<int64_t>& seeds,
                  const std::vector<RowResult>& rows) {
  TableMeta m;
  m.title = table.title, m.description = table.description;
  m.table_path = table.path, m.table_text = table.text;
  m.commit = build_commit(), m.date = utc_now_iso(), m.hostname = hostname();
  m.cores = std::thread::hardware_concurrency();
  m.command_line = options.command_line;
  m.seeds = seeds;
  m.folds = table.folds;
  m.set = table.set;
  m.set.insert(m.set.end(), options.sets.begin(), options.sets.end());
  std::set<std::string> devices;
  for (const auto& row : rows) {
    for (const auto& s : row.seeds) devices.insert(s.device);
  }
  for (const auto& d : devices) m.device += (m.device.empty() ? "" : ", ") + d;
  return m;
}

std::vector<std::string> write_plots(const std::string& folder, const TableSpec& table,
                                     const std::vector<RowResult>& rows) {
  std::vector<report::TableCurveRow> curves;
  for (const auto& row : rows) {
    curves.push_back({row.label, {}});
    for (const auto& s : row.seeds) curves.back().run_dirs.push_back(s.run_dir);
  }
  std::vector<std::string> written;
  for (const auto& key : table.plots) {
    const auto [split, metric] = split_metric_key(key);
    const std::string png = folder + "/" + slug(key) + ".png";
    try {
      if (report::write_table_plot(png, split, metric, curves)) written.push_back(png);
    } catch (const std::exception& e) {
      log_warn("plot ", png, " not written: ", e.what());  // pictures are a convenience; results are on disk
    }
  }
  // Classifier rows: each row's test confusion matrix over its runs.
  for (const auto& row : curves) {
    const std::string png = folder + "/confusion_test_" + slug(row.label) + ".png";
    try {
      if (report::write_table_confusion(png, "test", row)) written.push_back(png);
    } catch (const std::exception& e) {
      log_warn("plot ", png, " not written: ", e.what());
    }
  }
  return written;
}

}  // namespace

std::string run_experiment_name(const std::string& label, int64_t seed, int64_t fold) {
  return slug(label) + "_seed" + std::to_string(seed) + (fold < 0 ? "" : "_fold" + std::to_string(fold));
}

ReproduceOutcome reproduce_table(const TableSpec& table, const ReproduceOptions& options) {
  const auto rows = selected_rows(table, options.only);
  const auto seeds = seeds_of(table, options);
  auto planned = plan(table, rows, seeds, options.sets);
  ReproduceOutcome out;
  if (!options.resume.empty()) {
    if (!fs::is_directory(options.resume)) {
      throw ConfigError("--resume " + options.resume + ": no such folder");
    }
    out.folder = fs::path(options.resume).lexically_normal().string();
  } else {
    out.folder = create_table_folder(table, options);
  }
  std::vector<RowResult> results(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    results[r].label = rows[r].label, results[r].config = rows[r].config;
    results[r].set = rows[r].set, results[r].baseline = rows[r].baseline;
  }
  const std::string& primary = table.metrics.front();
  for (auto& p : planned) {
    p.config.output.runs_dir = out.folder + "/runs";
    const RowSpec& row = rows[p.row];
    const std::string context = table.path + ": row \"" + row.label + "\", seed " + std::to_string(p.seed) +
                                (p.fold < 0 ? "" : ", fold " + std::to_string(p.fold)) + ": ";
    std::string run_dir = options.resume.empty() ? "" : reusable_run(p, context);
    const bool reused = !run_dir.empty();
    if (reused) {
      ++out.reused;
    } else {
      run_dir = train_one(p, context, options.progress);
      ++out.trained;
    }
    RowResult& result = results[p.row];
    if (result.seeds.empty()) result.protocol = protocol_of(p.config);
    auto keys = table.metrics;
    keys.push_back(table.select);
    result.seeds.push_back(read_run(run_dir, p.seed, p.fold, keys));
    if (options.on_run) options.on_run(run_line(row, result.seeds.back(), primary, reused));
  }
  out.plots = write_plots(out.folder, table, results);
  TableMeta meta = meta_of(table, options, seeds, results);
  out.results = summarize(std::move(meta), table.metrics, table.select, std::move(results));
  write_file_atomic(out.folder + "/results.json", results_json(out.results).dump(2) + "\n");
  write_file_atomic(out.folder + "/table.md", render_markdown(out.results));
  return out;
}

}  // namespace emorec::run

// A reproduction table (configs/tables/NAME.yaml): experiment configs with overrides, run over several seeds,
// compared on named metrics. Its keys are read by the experiment configs' strict reader (config/yaml_reader.h,
// through TableSpec::visit): unknown keys, wrong types and missing keys are "file:line: key: message".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "config/visitor.h"

namespace emorec::run {

struct RowSpec {
  std::string label;             // unique within the table
  std::string config;            // experiment YAML, relative to the current directory or absolute
  std::vector<std::string> set;  // "key=value" overrides, applied after the table's
  bool baseline = false;         // a baseline model: the paired tests compare against the best of these
  int line = 0;                  // 1-based line of the row in the table file, for messages
  void visit(config::ConfigVisitor& v);
};

struct TableSpec {
  std::string name;  // the file's stem: names the output folder runs/tables/NAME
  std::string path;  // the table file
  std::string text;  // its content, recorded with the results
  std::string title, description;
  std::vector<int64_t> seeds;
  // Cross-validation: with folds = k > 0, every seed runs data.fold = 0 .. k-1 (data.folds = k), and the
  // statistics go over seeds x folds with the resampling correction (metrics/stats.h). 0: one run per seed.
  int64_t folds = 0;
  std::vector<std::string> set;      // overrides applied to every row, before the row's own
  std::vector<std::string> metrics;  // "SPLIT.METRIC" keys of summary.json; the first is the primary metric
  // The "eval.METRIC" key that picks the best model and the best baseline (default: the primary metric on
  // the eval split). Test never selects: a selection key on another split is an error.
  std::string select;
  std::vector<std::string> plots;    // "SPLIT.METRIC" keys of metrics.jsonl, drawn per epoch
  std::vector<RowSpec> rows;
  // The table file's keys (name, path and text are not keys: parse_table sets them).
  void visit(config::ConfigVisitor& v);
};

// NAME (looked up as configs/tables/NAME.yaml under the current directory) or a path to a .yaml file.
std::string resolve_table_path(const std::string& name_or_path);

// Reads and validates a table file. Throws ConfigError naming file:line and the key.
TableSpec load_table(const std::string& path);

// Same, from YAML text; `origin` names it in messages and becomes `path`.
TableSpec parse_table(const std::string& yaml, const std::string& origin);

// A metric key split at its last dot: "test.auc" -> {"test", "auc"}.
struct MetricKey {
  std::string split, metric;
};
MetricKey split_metric_key(const std::string& key);

// The label as a file-name part: lower case, every other character than [a-z0-9] replaced by '_'.
std::string slug(const std::string& label);

}  // namespace emorec::run

// The results of a reproduction table as data: per row and seed the metric values read from the runs, and
// what summarize() derives from them without any training (mean, sample sd and 95% CI per metric; the best
// model and the best baseline by the selection metric, an eval-split one; each row's paired t-test on the
// primary metric against the best baseline, with Holm's correction over the rows tested).
#pragma once
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "metrics/stats.h"

namespace emorec::run {

// One run of a row: a seed, and a fold when the table cross-validates.
struct SeedResult {
  int64_t seed = 0;
  int64_t fold = -1;  // -1: the table has no folds
  std::string run_dir;
  std::map<std::string, double> metrics;  // "SPLIT.METRIC" -> value; NaN (or absent): not reported
  int64_t best_epoch = 0;
  double seconds_per_epoch = 0;  // mean training time of an epoch
  std::string device;
};

struct MetricSummary {
  size_t n = 0;           // seeds with a finite value
  bool complete = false;  // every seed has one; otherwise the statistics are NaN and shown as "-"
  double mean = 0, sd = 0, ci95_low = 0, ci95_high = 0;  // the interval is NaN for a single seed
};

struct RowResult {
  std::string label, config;
  std::vector<std::string> set;  // the row's own overrides
  bool baseline = false;
  std::map<std::string, std::string> protocol;  // resolved protocol key (data.split, ...) -> its value
  std::vector<SeedResult> seeds;                // in the table's seed order (and fold order within a seed)
  // Filled by summarize():
  std::map<std::string, MetricSummary> metrics;
  // The primary metric against the best baseline (this row minus it); absent for the best baseline itself,
  // without baselines, for fewer than two seeds, or when either row misses the metric in a seed.
  std::optional<metrics::PairedTest> vs_baseline;
  // vs_baseline's p after Holm's correction over every row of the table that has a test, and whether that
  // is below 5% (the table's verdict of significance; vs_baseline->significant is the uncorrected one).
  double p_holm = NAN;
  bool significant = false;
};

// Where and how the table was run, for the record.
struct TableMeta {
  std::string title, description, table_path, table_text;
  std::string commit, date, hostname, device, command_line;
  unsigned cores = 0;
  std::vector<int64_t> seeds;
  int64_t folds = 0;             // cross-validation folds per seed; 0: none
  std::vector<std::string> set;  // overrides given to every row (the table's, then the command line's)
  // n_test / n_train of the resampling correction: 1 / (folds - 1) with folds, else 0 (independent runs).
  double test_train_ratio() const { return folds > 1 ? 1.0 / static_cast<double>(folds - 1) : 0.0; }
};

struct TableResults {
  TableMeta meta;
  std::vector<std::string> metrics;  // the first is the primary metric, the one tested
  std::string select;                // the eval-split metric that selects; summarised like the others
  std::vector<RowResult> rows;
  int best_model = -1;     // the non-baseline row of highest mean selection metric; -1: none
  int best_baseline = -1;  // the baseline row of highest mean selection metric; -1: none
  size_t tested = 0;       // rows with a paired test: the family of Holm's correction
  const std::string& primary() const { return metrics.front(); }
};

// Pure: fills each row's metric summaries and paired test, picks the best model and baseline by
// `select_key` (never by a test metric: a key outside the eval split is std::invalid_argument) and corrects
// the tests for their number. Rows whose selection or primary metric is incomplete are never picked.
TableResults summarize(TableMeta meta, std::vector<std::string> metric_keys, std::string select_key,
                       std::vector<RowResult> rows);

// results.json (non-finite numbers as null; a missing paired test as "-").
nlohmann::json results_json(const TableResults& results);

}  // namespace emorec::run

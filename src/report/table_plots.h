// The per-epoch chart of a reproduction table: for one split and metric, one line per row, the mean over its
// seeds' runs (read from each run's metrics.jsonl); and a classifier row's confusion matrix over its runs.
#pragma once
#include <string>
#include <vector>

#include "report/charts.h"

namespace emorec::report {

struct TableCurveRow {
  std::string label;
  std::vector<std::string> run_dirs;  // one per seed
};

// The mean over a row's runs of `metric` on `split` per epoch, at the epochs where every run has a finite
// value. Throws RunError if a metrics.jsonl is unreadable.
Series mean_curve(const TableCurveRow& row, const std::string& split, const std::string& metric);

// Writes the chart to `png` (atomically); returns false, writing nothing, when no row has a value.
bool write_table_plot(const std::string& png, const std::string& split, const std::string& metric,
                      const std::vector<TableCurveRow>& rows);

// The confusion matrices of `split` of a row's runs (each run's last row of that split that carries one),
// summed; empty when a run has none. `classes` receives their class names.
std::vector<std::vector<long long>> summed_confusion(const TableCurveRow& row, const std::string& split,
                                                     std::vector<std::string>* classes);

// Writes the row's summed confusion matrix of `split` to `png` (atomically); false, writing nothing, when a run
// has none (CTR tables).
bool write_table_confusion(const std::string& png, const std::string& split, const TableCurveRow& row);

}  // namespace emorec::report

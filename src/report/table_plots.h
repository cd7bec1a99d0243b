// The per-epoch chart of a reproduction table: for one split and metric, one line per row, the mean over its
// seeds' runs (read from each run's metrics.jsonl).
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

}  // namespace emorec::report

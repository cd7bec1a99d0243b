// Mean-over-seeds curves of a reproduction table.
#include "report/table_plots.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>

#include "core/error.h"

namespace emorec::report {

Series mean_curve(const TableCurveRow& row, const std::string& split, const std::string& metric) {
  std::map<int64_t, std::vector<double>> by_epoch;
  for (const auto& dir : row.run_dirs) {
    const std::string path = dir + "/metrics.jsonl";
    std::ifstream in(path);
    if (!in) throw RunError(path + ": cannot read the metrics");
    std::map<int64_t, double> run;  // the last row of an epoch wins, as a resumed run rewrote it
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object() || j.value("split", "") != split || !j.contains("epoch") || !j["epoch"].is_number())
        continue;
      if (j.contains(metric) && j[metric].is_number())
        run[j["epoch"].get<int64_t>()] = j[metric].get<double>();
    }
    for (const auto& [epoch, v] : run) {
      if (std::isfinite(v)) by_epoch[epoch].push_back(v);
    }
  }
  Series s;
  s.name = row.label;
  for (const auto& [epoch, values] : by_epoch) {
    if (values.size() != row.run_dirs.size()) continue;
    double sum = 0;
    for (const double v : values) sum += v;
    s.x.push_back(static_cast<double>(epoch));
    s.y.push_back(sum / static_cast<double>(values.size()));
  }
  return s;
}

bool write_table_plot(const std::string& png, const std::string& split, const std::string& metric,
                      const std::vector<TableCurveRow>& rows) {
  std::vector<Series> series;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0;
  for (const auto& row : rows) {
    series.push_back(mean_curve(row, split, metric));
    const auto& s = series.back();
    if (s.x.size() > 1) x0 = std::min(x0, s.x.front()), x1 = std::max(x1, s.x.back());
  }
  bool any = false;
  for (auto& s : series) {
    any = any || !s.x.empty();
    // A closed-form model (popularity, item-kNN) is fitted once and has a single epoch: drawn as a flat line
    // over the epochs of the trained rows, so that it reads as the level they have to beat.
    if (s.x.size() == 1 && x1 > x0) s.x = {x0, x1}, s.y = {s.y[0], s.y[0]};
  }
  if (!any) return false;
  line_chart(split + " " + metric + " per epoch (mean over seeds)", "epoch", series).write_png(png);
  return true;
}

std::vector<std::vector<long long>> summed_confusion(const TableCurveRow& row, const std::string& split,
                                                     std::vector<std::string>* classes) {
  std::vector<std::vector<long long>> sum;
  for (const auto& dir : row.run_dirs) {
    const std::string path = dir + "/metrics.jsonl";
    std::ifstream in(path);
    if (!in) throw RunError(path + ": cannot read the metrics");
    nlohmann::json last;
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_object() && j.value("split", "") == split && j.contains("confusion")) last = std::move(j);
    }
    if (last.is_null()) return {};
    const auto counts = last["confusion"].get<std::vector<std::vector<long long>>>();
    if (sum.empty()) {
      sum = counts;
      if (classes) *classes = last.value("classes", std::vector<std::string>());
      continue;
    }
    if (counts.size() != sum.size()) throw RunError(path + ": its confusion matrix has another size than the row's others");
    for (size_t t = 0; t < sum.size(); ++t) {
      for (size_t p = 0; p < sum[t].size() && p < counts[t].size(); ++p) sum[t][p] += counts[t][p];
    }
  }
  return sum;
}

bool write_table_confusion(const std::string& png, const std::string& split, const TableCurveRow& row) {
  std::vector<std::string> classes;
  const auto counts = summed_confusion(row, split, &classes);
  if (counts.empty() || classes.size() != counts.size()) return false;
  confusion_chart(row.label + ": " + split + ", summed over " + std::to_string(row.run_dirs.size()) + " runs",
                  classes, counts)
      .write_png(png);
  return true;
}

}  // namespace emorec::report

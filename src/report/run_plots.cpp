#include "report/run_plots.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "core/error.h"
#include "report/charts.h"

namespace emorec::report {

std::vector<std::string> write_run_plots(const std::string& run_dir) {
  const std::string path = run_dir + "/metrics.jsonl";
  std::ifstream in(path);
  if (!in) throw RunError(path + ": cannot read the metrics");
  std::map<std::string, std::map<std::string, Series>> by_metric;  // metric -> split -> series
  std::map<std::string, nlohmann::json> confusion;                 // split -> latest row with a matrix
  // Confusion matrices of the best epoch (summary.json) where the run has one, else of the latest row.
  int64_t best_epoch = -1;
  {
    std::ifstream s(run_dir + "/summary.json");
    const auto summary = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (summary.is_object() && summary.contains("best_epoch")) best_epoch = summary["best_epoch"].get<int64_t>();
  }
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("epoch") || !j.contains("split")) continue;
    const std::string split = j["split"].get<std::string>();
    if (j.contains("confusion") && (!confusion.count(split) || confusion[split]["epoch"] != best_epoch)) {
      confusion[split] = j;
    }
    if (split == "test" && j.contains("confusion")) continue;  // once-per-run rows are not curves
    if (split == "eval+test") continue;
    for (const char* metric : {"loss", "acc", "auc"}) {
      if (!j.contains(metric)) continue;
      auto& s = by_metric[metric][split];
      s.name = split;
      s.x.push_back(j["epoch"].get<double>());
      s.y.push_back(j[metric].is_number() ? j[metric].get<double>() : NAN);
    }
  }
  std::vector<std::string> written;
  auto chart = [&](const std::string& metric, const std::string& file, const std::string& title) {
    if (!by_metric.count(metric)) return;
    std::vector<Series> series;
    bool any = false;
    for (auto& [split, s] : by_metric[metric]) {
      // A split without a finite value of this metric (e.g. a top-K row's AUC) gets no legend entry.
      if (std::none_of(s.y.begin(), s.y.end(), [](double v) { return std::isfinite(v); })) continue;
      any = true;
      series.push_back(s);
    }
    if (!any) return;
    const std::string out = run_dir + "/" + file;
    line_chart(title, "epoch", series).write_png(out);
    written.push_back(out);
  };
  chart("loss", "loss.png", "loss per epoch");
  chart("acc", "accuracy.png", "accuracy per epoch");
  chart("auc", "auc.png", "AUC per epoch");
  for (const auto& [split, j] : confusion) {
    std::vector<std::string> classes = j.value("classes", std::vector<std::string>{});
    const auto counts = j["confusion"].get<std::vector<std::vector<long long>>>();
    if (classes.size() != counts.size()) continue;
    std::string name = split;
    for (auto& ch : name) ch = ch == '+' ? '_' : ch;
    const std::string out = run_dir + "/confusion_" + name + ".png";
    confusion_chart("confusion: " + split + " (epoch " + std::to_string(j["epoch"].get<int64_t>()) + ")", classes, counts)
        .write_png(out);
    written.push_back(out);
  }
  return written;
}

}  // namespace emorec::report

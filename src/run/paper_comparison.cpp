#include "run/paper_comparison.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace emorec::run {

std::string format_comparison(const config::ExperimentConfig& config, const RunOutcome& out) {
  std::ostringstream s;
  char line[160];
  const std::string split = out.best.count(config.reference.split) ? config.reference.split : "test";
  s << config.experiment << ": " << split << " metrics at the best eval " << config.eval.select_metric << " (epoch "
    << out.best_epoch << " of " << out.epochs_done << (out.stopped_early ? ", stopped early" : "") << ")\n";
  if (!out.best.count(split)) return s.str();
  const Scores& ours = out.best.at(split);
  std::snprintf(line, sizeof line, "  %-8s %8s %8s %8s\n", "metric", "ours", "paper", "diff");
  s << line;
  auto put = [&](const char* name, double v, const std::optional<double>& paper) {
    if (!std::isfinite(v) && !paper) return;
    if (paper) {
      std::snprintf(line, sizeof line, "  %-8s %8.4f %8.4f %+8.4f\n", name, v, *paper, v - *paper);
    } else {
      std::snprintf(line, sizeof line, "  %-8s %8.4f %8s %8s\n", name, v, "-", "");
    }
    s << line;
  };
  put("AUC", ours.get("auc"), config.reference.auc);
  put("F1", ours.get("f1"), config.reference.f1);
  put("ACC", ours.get("acc"), config.reference.acc);
  if (config.eval.batched_protocol > 0) {
    const std::string b = std::to_string(config.eval.batched_protocol);
    s << "  with the reference code's protocol (AUC and F1 averaged over batches of " << b << "):\n";
    put("AUC", ours.get("auc_batched"), config.reference.auc);
    put("F1", ours.get("f1_batched"), config.reference.f1);
  }
  for (const auto& [name, sc] : out.best) {
    if (name == split || !sc.has("acc") || sc.has("auc")) continue;
    std::snprintf(line, sizeof line, "  accuracy on %s: %.4f\n", name.c_str(), sc.get("acc"));
    s << line;
  }
  if (!config.reference.source.empty()) s << "  paper: " << config.reference.source << "\n";
  return s.str();
}

}  // namespace emorec::run

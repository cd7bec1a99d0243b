// The pictures of a run, drawn from its metrics.jsonl: loss.png (loss per epoch and split), one chart per
// headline metric (accuracy.png for classifiers, auc.png for CTR models), and confusion_<split>.png for every
// split whose rows carry a confusion matrix (the best epoch's row, from summary.json, else the latest).
#pragma once
#include <string>
#include <vector>

namespace emorec::report {

// Writes the PNGs into `run_dir` and returns their paths. Throws RunError if metrics.jsonl is unreadable.
std::vector<std::string> write_run_plots(const std::string& run_dir);

}  // namespace emorec::report

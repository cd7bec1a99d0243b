// metrics.jsonl and metrics.csv of a run: one row per epoch and split. The CSV's columns are the task's
// metric names (run/task.h) between epoch,split and lr,seconds; the JSON lines also carry each row's details
// (per-class tables, confusion matrices).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "run/scores.h"

namespace emorec::run {

class MetricsLog {
 public:
  // Opens (creating if needed) `dir`/metrics.{jsonl,csv} with the given metric columns. With `keep_epochs`
  // >= 0, rows of later epochs, and rows of the `drop_splits` (once-per-run splits a resumed run redoes), are
  // dropped first, as are lines torn by a crash.
  MetricsLog(const std::string& dir, std::vector<std::string> columns, int64_t keep_epochs = -1,
             const std::vector<std::string>& drop_splits = {});
  void append(int64_t epoch, const std::string& split, const Scores& scores, double lr) const;

 private:
  std::string jsonl_, csv_;
  std::vector<std::string> columns_;
};

}  // namespace emorec::run

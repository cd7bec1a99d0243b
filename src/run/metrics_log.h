// metrics.jsonl and metrics.csv of a run: one row per epoch and split.
#pragma once
#include <cstdint>
#include <string>

namespace emorec::run {

struct MetricsRow {
  int64_t epoch = 0;  // 1-based
  std::string split;  // train | eval | test
  double loss = 0;    // mean training loss (train), mean BCE (eval/test)
  double auc = 0, acc = 0, f1 = 0;
  double auc_batched = NAN, f1_batched = NAN;  // empty unless eval.batched_protocol > 0
  double lr = 0;
  double seconds = 0;  // wall time of the epoch's training (train) or of the evaluation
};

class MetricsLog {
 public:
  // Opens (creating if needed) `dir`/metrics.{jsonl,csv}. With `keep_epochs` >= 0, rows of later epochs are
  // dropped first (a resumed run redoes them).
  MetricsLog(const std::string& dir, int64_t keep_epochs = -1);
  void append(const MetricsRow& row) const;

 private:
  std::string jsonl_, csv_;
};

}  // namespace emorec::run

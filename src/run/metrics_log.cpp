// Appending metric rows as JSON lines and CSV.
#include "run/metrics_log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/atomic_file.h"
#include "core/error.h"

namespace emorec::run {
namespace {

constexpr const char* kCsvHeader = "epoch,split,loss,auc,acc,f1,auc_batched,f1_batched,lr,seconds";
constexpr size_t kCsvColumns = 10;

std::string csv_number(double v) {
  if (!std::isfinite(v)) return "";
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

// Keeps the lines whose epoch (read by `epoch_of`, which returns -1 for a line it cannot read, such as one
// torn by a crash) is <= keep; rewrites the file atomically.
template <class EpochOf>
void truncate(const std::string& path, int64_t keep, bool header, EpochOf epoch_of) {
  std::ifstream in(path);
  if (!in) return;
  std::string line, out;
  bool first = true;
  while (std::getline(in, line)) {
    if (header && first) {
      out += std::string(kCsvHeader) + "\n";
    } else {
      const int64_t epoch = epoch_of(line);
      if (epoch >= 1 && epoch <= keep) out += line + "\n";
    }
    first = false;
  }
  write_file_atomic(path, out);
}

int64_t jsonl_epoch(const std::string& line) {
  const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("epoch") && j["epoch"].is_number_integer() ? j["epoch"].get<int64_t>() : -1;
}

int64_t csv_epoch(const std::string& line) {
  const auto fields = static_cast<size_t>(std::count(line.begin(), line.end(), ',')) + 1;
  if (fields != kCsvColumns) return -1;
  char* end = nullptr;
  const long long epoch = std::strtoll(line.c_str(), &end, 10);
  return end && *end == ',' ? epoch : -1;
}

}  // namespace

MetricsLog::MetricsLog(const std::string& dir, int64_t keep_epochs)
    : jsonl_(dir + "/metrics.jsonl"), csv_(dir + "/metrics.csv") {
  if (keep_epochs >= 0) {
    truncate(jsonl_, keep_epochs, false, jsonl_epoch);
    truncate(csv_, keep_epochs, true, csv_epoch);
  }
  if (!std::filesystem::exists(csv_)) {
    std::ofstream(csv_) << kCsvHeader << "\n";
  }
}

void MetricsLog::append(const MetricsRow& r) const {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  nlohmann::json j = {{"epoch", r.epoch}, {"split", r.split}, {"loss", num(r.loss)}, {"auc", num(r.auc)},
                      {"acc", num(r.acc)},  {"f1", num(r.f1)},     {"auc_batched", num(r.auc_batched)},
                      {"f1_batched", num(r.f1_batched)},  {"lr", num(r.lr)},  {"seconds", num(r.seconds)}};
  std::ofstream jsonl(jsonl_, std::ios::app);
  jsonl << j.dump() << "\n";
  std::ofstream csv(csv_, std::ios::app);
  csv << r.epoch << "," << r.split << "," << csv_number(r.loss) << "," << csv_number(r.auc) << ","
      << csv_number(r.acc) << "," << csv_number(r.f1) << "," << csv_number(r.auc_batched) << ","
      << csv_number(r.f1_batched) << "," << csv_number(r.lr) << "," << csv_number(r.seconds)
      << "\n";
  if (!jsonl || !csv) throw RunError("cannot append to " + jsonl_ + " / " + csv_);
}

}  // namespace emorec::run

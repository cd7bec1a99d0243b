// Appending metric rows as JSON lines and CSV.
#include "run/metrics_log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"

namespace emorec::run {
namespace {

std::string csv_number(double v) {
  if (!std::isfinite(v)) return "";
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

std::string csv_header(const std::vector<std::string>& columns) {
  std::string h = "epoch,split";
  for (const auto& c : columns) h += "," + c;
  return h + ",lr,seconds";
}

// Keeps the lines for which `keep_line` holds; rewrites the file atomically.
template <class Keep>
void filter_lines(const std::string& path, const std::string& header, Keep keep_line) {
  std::ifstream in(path);
  if (!in) return;
  std::string line, out;
  bool first = true;
  while (std::getline(in, line)) {
    if (!header.empty() && first) {
      out += header + "\n";
    } else if (keep_line(line)) {
      out += line + "\n";
    }
    first = false;
  }
  write_file_atomic(path, out);
}

// Appends `text` to `path`, flushed and closed before returning: a write that fails only on flushing (a
// full disk) is an error here, not a silently lost row.
void append_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::app);
  out << text;
  out.flush();
  out.close();
  if (out.fail()) throw RunError("cannot append to " + path + " (disk full or not writable?)");
}

}  // namespace

MetricsLog::MetricsLog(const std::string& dir, std::vector<std::string> columns, int64_t keep_epochs,
                       const std::vector<std::string>& drop_splits)
    : jsonl_(dir + "/metrics.jsonl"), csv_(dir + "/metrics.csv"), columns_(std::move(columns)) {
  const std::string header = csv_header(columns_);
  auto dropped = [&](const std::string& split) {
    return std::find(drop_splits.begin(), drop_splits.end(), split) != drop_splits.end();
  };
  if (keep_epochs >= 0) {
    filter_lines(jsonl_, "", [&](const std::string& line) {  // a torn line does not parse: dropped
      const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object() || !j.contains("epoch") || !j["epoch"].is_number_integer() || !j.contains("split")) return false;
      const auto epoch = j["epoch"].get<int64_t>();
      return epoch >= 1 && epoch <= keep_epochs && !dropped(j["split"].get<std::string>());
    });
    const size_t fields = columns_.size() + 4;
    filter_lines(csv_, header, [&](const std::string& line) {  // a torn line has too few fields: dropped
      if (static_cast<size_t>(std::count(line.begin(), line.end(), ',')) + 1 != fields) return false;
      char* end = nullptr;
      const long long epoch = std::strtoll(line.c_str(), &end, 10);
      if (!end || *end != ',') return false;
      const std::string split = line.substr(static_cast<size_t>(end - line.c_str()) + 1,
                                            line.find(',', static_cast<size_t>(end - line.c_str()) + 1) -
                                                static_cast<size_t>(end - line.c_str()) - 1);
      return epoch >= 1 && epoch <= keep_epochs && !dropped(split);
    });
  }
  if (!std::filesystem::exists(csv_)) append_text(csv_, header + "\n");
}

void MetricsLog::append(int64_t epoch, const std::string& split, const Scores& s, double lr) const {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  nlohmann::json j = {{"epoch", epoch}, {"split", split}};
  for (const auto& c : columns_) j[c] = num(s.get(c));
  for (const auto& [name, v] : s.values) {  // values beyond the columns (e.g. the top-K splits' metrics)
    if (!j.contains(name)) j[name] = num(v);
  }
  j["lr"] = num(lr);
  j["seconds"] = num(s.seconds);
  for (const auto& [k, v] : s.detail.items()) j[k] = v;
  append_text(jsonl_, j.dump() + "\n");
  std::string csv = std::to_string(epoch) + "," + split;
  for (const auto& c : columns_) csv += "," + csv_number(s.get(c));
  append_text(csv_, csv + "," + csv_number(lr) + "," + csv_number(s.seconds) + "\n");
}

}  // namespace emorec::run

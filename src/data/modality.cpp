// Reading modality feature files.
#include "data/modality.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "config/vocabulary.h"
#include "core/error.h"
#include "data/text_table.h"

namespace emorec::data {
namespace {

std::string at_line(const std::string& path, int64_t line) { return path + ":" + std::to_string(line) + ": "; }

float parse_feature(const std::string& field, const std::string& path, int64_t line, size_t column) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(field, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != field.size() || field.empty() || !std::isfinite(v)) {
    throw DataError(at_line(path, line) + "column " + std::to_string(column + 1) + ": bad feature value \"" + field +
                    "\" (expected a finite number)");
  }
  return static_cast<float>(v);
}

bool is_number(const std::string& field) {
  if (field.empty()) return false;
  char* end = nullptr;
  std::strtod(field.c_str(), &end);
  return end == field.c_str() + field.size();
}

// The first row is a header (the authors' files have one, e.g. "itemID<TAB>f1...") when it names no known item
// and none of its other fields (at least one) is a number: a data row with a bad value is still an error.
bool is_header(const std::vector<std::string>& fields, const std::unordered_map<std::string, int64_t>& items) {
  if (fields.size() < 2 || items.count(fields[0])) return false;
  for (size_t c = 1; c < fields.size(); ++c) {
    if (is_number(fields[c])) return false;
  }
  return true;
}

const config::Vocabulary<MissingModality>& missing_modalities() {
  static const config::Vocabulary<MissingModality> v("missing modality", {{"zeros", MissingModality::kZeros},
                                                                         {"mean", MissingModality::kMean},
                                                                         {"error", MissingModality::kError}});
  return v;
}

}  // namespace

void fill_missing_with_mean(ModalityTable& t) {
  const auto n_item = static_cast<int64_t>(t.present.size());
  std::vector<double> mean(static_cast<size_t>(t.width), 0.0);
  int64_t present = 0;
  for (int64_t i = 0; i < n_item; ++i) {
    if (!t.present[static_cast<size_t>(i)]) continue;
    ++present;
    for (int64_t c = 0; c < t.width; ++c) mean[static_cast<size_t>(c)] += t.values[static_cast<size_t>(i * t.width + c)];
  }
  if (present == 0 || present == n_item) return;
  for (auto& m : mean) m /= static_cast<double>(present);
  for (int64_t i = 0; i < n_item; ++i) {
    if (t.present[static_cast<size_t>(i)]) continue;
    for (int64_t c = 0; c < t.width; ++c) {
      t.values[static_cast<size_t>(i * t.width + c)] = static_cast<float>(mean[static_cast<size_t>(c)]);
    }
  }
}

MissingModality parse_missing_modality(const std::string& name) { return missing_modalities().parse(name); }

config::ChoiceSet missing_modality_choices() { return missing_modalities().choice_set(); }

ModalityTable read_modality_file(const std::string& path, const std::unordered_map<std::string, int64_t>& items,
                                 MissingModality missing) {
  ModalityTable t;
  t.name = std::filesystem::path(path).stem().string();
  const auto n_item = static_cast<int64_t>(items.size());
  t.present.assign(static_cast<size_t>(n_item), 0);
  bool first = true;
  // Rows of any width (the first data row fixes it); the optional header is recognised by its content.
  for_each_tsv_row(path, TsvOptions{}, [&](int64_t line, const std::vector<std::string>& fields) {
    if (first && is_header(fields, items)) {
      first = false;
      return;
    }
    first = false;
    if (fields.size() < 2) throw DataError(at_line(path, line) + "expected itemID<TAB>f1<TAB>f2..., got no features");
    const auto width = static_cast<int64_t>(fields.size()) - 1;
    if (t.width == 0) {
      t.width = width;
      t.values.assign(static_cast<size_t>(n_item * width), 0.0f);
    } else if (width != t.width) {
      throw DataError(at_line(path, line) + std::to_string(width) + " features, but the first row has " +
                      std::to_string(t.width));
    }
    const auto it = items.find(fields[0]);
    if (it == items.end()) {
      ++t.unknown_rows;
      for (size_t c = 1; c < fields.size(); ++c) parse_feature(fields[c], path, line, c);  // still validated
      return;
    }
    auto& seen = t.present[static_cast<size_t>(it->second)];
    if (seen) throw DataError(at_line(path, line) + "item " + fields[0] + " appears twice");
    seen = 1;
    float* row = t.values.data() + it->second * width;
    for (size_t c = 1; c < fields.size(); ++c) row[c - 1] = parse_feature(fields[c], path, line, c);
  });
  if (t.width == 0) throw DataError(path + ": no feature rows");
  int64_t absent = 0;
  for (auto p : t.present) absent += p == 0;
  if (absent > 0 && missing == MissingModality::kError) {
    throw DataError(path + ": " + std::to_string(absent) + " of " + std::to_string(n_item) +
                    " items have no row (set the missing-modality fallback to zeros or mean to accept that)");
  }
  if (missing == MissingModality::kMean) fill_missing_with_mean(t);
  return t;
}

}  // namespace emorec::data

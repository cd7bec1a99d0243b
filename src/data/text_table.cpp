// Tab-separated file reading with file:line errors.
#include "data/text_table.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "core/error.h"
#include "core/line_reader.h"

namespace emorec::data {
namespace {
std::string suffix(const TsvOptions& o) { return o.what_to_do.empty() ? "" : " (" + o.what_to_do + ")"; }
}  // namespace

void for_each_tsv_row(const std::string& path, const TsvOptions& options,
                      const std::function<void(int64_t, const std::vector<std::string>&)>& row) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open" + suffix(options));
  std::string line;
  std::vector<std::string> fields;
  int64_t number = 0;
  while (read_line(in, line, path, number + 1)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && !options.header.empty()) {
      if (line != options.header) {
        throw DataError(path + ":1: expected the header \"" + options.header + "\", got \"" + line + "\"" +
                        suffix(options));
      }
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    fields.clear();
    size_t start = 0;
    for (;;) {
      const size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (options.columns && fields.size() != options.columns) {
      throw DataError(path + ":" + std::to_string(number) + ": expected " + std::to_string(options.columns) +
                      " tab-separated fields, got " + std::to_string(fields.size()) + " in \"" + line + "\"" +
                      " (truncated or malformed line)" + suffix(options));
    }
    row(number, fields);
  }
  if (in.bad()) throw DataError(path + ": read error after line " + std::to_string(number));
  if (number == 0) throw DataError(path + ": the file is empty" + suffix(options));
}

int64_t parse_index(const std::string& field, const std::string& path, int64_t line, const char* what) {
  const char* s = field.c_str();
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s, &end, 10);
  if (field.empty() || *end != '\0' || errno == ERANGE || v < 0 || field[0] == '+' || field[0] == ' ') {
    throw DataError(path + ":" + std::to_string(line) + ": bad " + what + " \"" + field +
                    "\" (expected a non-negative integer)");
  }
  return v;
}

double parse_number(const std::string& field, const std::string& path, int64_t line, const char* what) {
  const char* s = field.c_str();
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  if (field.empty() || *end != '\0' || !std::isfinite(v)) {
    throw DataError(path + ":" + std::to_string(line) + ": bad " + what + " \"" + field +
                    "\" (expected a finite number)");
  }
  return v;
}

}  // namespace emorec::data

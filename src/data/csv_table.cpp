// Comma-separated file reading with file:line:column errors.
#include "data/csv_table.h"

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "core/error.h"
#include "core/line_reader.h"

namespace emorec::data {

double CsvRow::number(size_t i) const {
  const std::string& f = text(i);
  char* end = nullptr;
  const double v = std::strtod(f.c_str(), &end);
  if (f.empty() || *end != '\0' || !std::isfinite(v) || f[0] == ' ') {
    throw DataError(where() + "column " + names_[i] + ": bad number \"" + f + "\" (expected a finite number)");
  }
  return v;
}

bool split_csv_record(const std::string& record, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < record.size(); ++i) {
    const char c = record[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < record.size() && record[i + 1] == '"') {
        field += '"', ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return !quoted;
}

namespace {

// Reads one record (a line, or several when a quoted field holds line breaks) without its line ending.
// Returns false at the end of the file; `lines` counts the physical lines read. A record, like a line, is
// bounded (kMaxLineBytes): an unclosed quote cannot take the rest of a large file into memory.
bool read_record(std::ifstream& in, const std::string& path, std::string& record, int64_t& lines) {
  record.clear();
  std::string line;
  bool any = false;
  size_t quotes = 0;
  while (read_line(in, line, path, lines + 1)) {
    ++lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (record.size() + line.size() + 1 > kMaxLineBytes) {
      throw DataError(path + ":" + std::to_string(lines) + ": a record longer than " + std::to_string(kMaxLineBytes) +
                      " bytes (a quote that is never closed?)");
    }
    if (any) record += '\n';
    record += line;
    any = true;
    for (char c : line) quotes += c == '"';
    if (quotes % 2 == 0) return true;
  }
  return any;
}

}  // namespace

void for_each_csv_row(const std::string& path, const std::vector<std::string>& columns,
                      const std::function<void(const CsvRow&)>& row,
                      const std::function<void(int64_t, const std::string&)>& malformed) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path + ": cannot open");
  std::string record;
  std::vector<std::string> header, fields;
  int64_t lines = 0;
  if (!read_record(in, path, record, lines)) throw DataError(path + ": the file is empty");
  if (record.size() >= 3 && record.compare(0, 3, "\xEF\xBB\xBF") == 0) record.erase(0, 3);  // a UTF-8 BOM
  if (!split_csv_record(record, header)) throw DataError(path + ":1: unterminated quote in the header");
  std::vector<size_t> index;
  for (const auto& name : columns) {
    size_t at = header.size();
    for (size_t c = 0; c < header.size(); ++c) {
      if (header[c] == name) at = c;
    }
    if (at == header.size()) {
      std::string all;
      for (const auto& h : header) all += (all.empty() ? "" : ", ") + h;
      throw DataError(path + ":1: no column \"" + name + "\" in the header (columns: " + all + ")");
    }
    index.push_back(at);
  }
  for (;;) {
    const int64_t first = lines + 1;
    if (!read_record(in, path, record, lines)) break;
    if (record.find_first_not_of(" \t") == std::string::npos) continue;
    std::string problem;
    if (!split_csv_record(record, fields)) {
      problem = "unterminated quote (truncated or malformed row)";
    } else if (fields.size() != header.size()) {
      problem = "expected " + std::to_string(header.size()) + " comma-separated fields as in the header, got " +
                std::to_string(fields.size()) + " (truncated or malformed row)";
    }
    if (!problem.empty()) {
      if (!malformed) throw DataError(path + ":" + std::to_string(first) + ": " + problem);
      malformed(first, problem);
      continue;
    }
    row(CsvRow(path, first, fields, index, columns));
  }
  if (in.bad()) throw DataError(path + ": read error after line " + std::to_string(lines));
}

}  // namespace emorec::data

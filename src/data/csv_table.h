// Reading comma-separated files with a header row (RFC 4180: fields in double quotes may hold commas, line
// breaks and doubled quotes), tolerant of CRLF and LF, with errors that name the file, line and column.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace emorec::data {

// A data row: its fields, and the columns by the header's names.
class CsvRow {
 public:
  CsvRow(const std::string& path, int64_t line, const std::vector<std::string>& fields,
         const std::vector<size_t>& columns, const std::vector<std::string>& names)
      : path_(path), line_(line), fields_(fields), columns_(columns), names_(names) {}
  int64_t line() const { return line_; }
  // The field of the i-th requested column.
  const std::string& text(size_t i) const { return fields_[columns_[i]]; }
  // The field as a finite number; DataError "path:line: column NAME: bad number ..." otherwise.
  double number(size_t i) const;
  // "path:line: " for messages about this row.
  std::string where() const { return path_ + ":" + std::to_string(line_) + ": "; }

 private:
  const std::string& path_;
  int64_t line_;
  const std::vector<std::string>& fields_;
  const std::vector<size_t>& columns_;
  const std::vector<std::string>& names_;
};

// Calls `row` for every data row of `path`, with `columns` (header names, any order, all required) as the
// row's columns 0, 1, ... . Every row must have as many fields as the header. Throws DataError for a missing
// file, an empty file, a header without a requested column, a row with the wrong number of fields, or an
// unterminated quote; `row` may throw its own DataError (CsvRow::where() names the line).
// `malformed`, when given, receives (line, message) for a row with the wrong number of fields or an
// unterminated quote instead of an exception, and reading goes on (a file's problems are counted, not hidden).
void for_each_csv_row(const std::string& path, const std::vector<std::string>& columns,
                      const std::function<void(const CsvRow&)>& row,
                      const std::function<void(int64_t, const std::string&)>& malformed = {});

// Splits one CSV record into fields; false when a quoted field is not closed within `record`.
bool split_csv_record(const std::string& record, std::vector<std::string>& fields);

}  // namespace emorec::data

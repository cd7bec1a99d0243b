// Reading tab-separated text files line by line, tolerant of CRLF, LF and a mix of both, with errors that
// name the file and line.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"

namespace emorec::data {

struct TsvOptions {
  size_t columns = 0;        // every data row must have exactly this many fields
  std::string header;        // if non-empty, the first line must equal it (without line ending)
  std::string what_to_do;    // appended to errors, e.g. "re-download the KGCN release"
};

// Calls `row(line_number, fields)` for each non-empty data line (1-based line numbers). Throws DataError for a
// missing file, a bad header, or a row with the wrong number of fields. Blank lines are skipped.
void for_each_tsv_row(const std::string& path, const TsvOptions& options,
                      const std::function<void(int64_t, const std::vector<std::string>&)>& row);

// Parses a non-negative integer field; throws DataError "path:line: bad <what> "x" (...)".
int64_t parse_index(const std::string& field, const std::string& path, int64_t line, const char* what);
// Parses a finite number field.
double parse_number(const std::string& field, const std::string& path, int64_t line, const char* what);

// Runs load(); a DataError it throws leaves with `what_to_do` appended (unless it already says it), so that
// every loader error tells the user what to check.
template <typename F>
auto with_what_to_do(const std::string& what_to_do, F&& load) -> decltype(load()) {
  try {
    return load();
  } catch (const DataError& e) {
    const std::string msg = e.what();
    if (msg.find(what_to_do) != std::string::npos) throw;
    throw DataError(msg + " (" + what_to_do + ")");
  }
}

}  // namespace emorec::data

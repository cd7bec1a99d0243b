// Logging: timestamped lines to stderr, mirrored into the run folder's log file while a run records.
// (LibTorch ships its own fmt headers, which clash with the system spdlog; this needs neither.)
#pragma once
#include <sstream>
#include <string>

namespace emorec {

enum class LogLevel { kInfo, kWarn, kError };

void log_line(LogLevel level, const std::string& message);
// Mirrors every log line into `path` (appending) until remove_log_file().
void add_log_file(const std::string& path);
void remove_log_file();
// In a data-parallel job: ranks other than 0 print warnings and errors only, prefixed "rank N: ".
void set_log_rank(int rank);

// log_info("epoch ", e, " loss ", loss): streams the arguments into one line.
template <class... Args>
std::string concat(const Args&... args) {
  std::ostringstream s;
  (s << ... << args);
  return s.str();
}
template <class... Args>
void log_info(const Args&... args) { log_line(LogLevel::kInfo, concat(args...)); }
template <class... Args>
void log_warn(const Args&... args) { log_line(LogLevel::kWarn, concat(args...)); }
template <class... Args>
void log_error(const Args&... args) { log_line(LogLevel::kError, concat(args...)); }

}  // namespace emorec

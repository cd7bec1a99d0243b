// Log lines to stderr and an optional file.
#include "core/log.h"

#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>

namespace emorec {
namespace {
std::mutex g_mutex;
std::ofstream g_file;
int g_rank = 0;  // data-parallel workers other than rank 0: warnings and errors only, tagged with the rank

std::string stamp(const char* format) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}
}  // namespace

void log_line(LogLevel level, const std::string& message) {
  const char* tag = level == LogLevel::kInfo ? "" : level == LogLevel::kWarn ? "warning: " : "error: ";
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_rank != 0 && level == LogLevel::kInfo) return;
  std::cerr << "[" << stamp("%H:%M:%S") << "] " << (g_rank ? "rank " + std::to_string(g_rank) + ": " : "")
            << tag << message << std::endl;
  if (g_file.is_open()) g_file << "[" << stamp("%Y-%m-%d %H:%M:%S") << "] " << tag << message << std::endl;
}

void set_log_rank(int rank) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_rank = rank;
}

void add_log_file(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_file.is_open()) g_file.close();
  g_file.open(path, std::ios::app);
}

void remove_log_file() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_file.is_open()) g_file.close();
}

}  // namespace emorec

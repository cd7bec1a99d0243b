// Run-folder creation and the run.json status document.
#include "run/run_dir.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/atomic_file.h"
#include "core/error.h"

#ifndef EMOREC_SOURCE_DIR
#define EMOREC_SOURCE_DIR "."
#endif

namespace emorec::run {
namespace fs = std::filesystem;

std::string utc_now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

RunDir RunDir::create(const std::string& runs_dir, const std::string& experiment) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  std::random_device rd;  // the id only has to be unique, not reproducible
  const fs::path parent = fs::path(runs_dir) / experiment;
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw RunError("cannot create " + parent.string() + ": " + ec.message());
  for (int attempt = 0; attempt < 16; ++attempt) {
    char id[8];
    std::snprintf(id, sizeof id, "%06x", rd() & 0xFFFFFFu);
    const fs::path dir = parent / (std::string(stamp) + "-" + id);
    if (fs::create_directory(dir, ec)) {
      fs::create_directory(dir / "checkpoints", ec);
      if (ec) throw RunError("cannot create " + (dir / "checkpoints").string() + ": " + ec.message());
      return RunDir(dir.string());
    }
    if (ec) throw RunError("cannot create " + dir.string() + ": " + ec.message());
  }
  throw RunError("could not find a free run folder name under " + parent.string());
}

RunDir RunDir::open(const std::string& path) {
  if (!fs::is_regular_file(fs::path(path) / "config.yaml")) {
    throw RunError(path + ": not a run folder (no config.yaml); pass a folder made by `emorec train`");
  }
  return RunDir(fs::path(path).lexically_normal().string());
}

nlohmann::json RunDir::status() const {
  std::ifstream in(file("run.json"));
  if (!in) return nlohmann::json::object();
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw RunError(file("run.json") + ": malformed: " + e.what());
  }
}

void RunDir::update_status(const nlohmann::json& fields) const {
  nlohmann::json doc = status();
  doc.update(fields);
  write_file_atomic(file("run.json"), doc.dump(2) + "\n");
}

std::string source_commit() {
  const std::string cmd = std::string("git -C '") + EMOREC_SOURCE_DIR +
                          "' describe --always --dirty=+dirty --abbrev=10 2>/dev/null";
  std::FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return "unknown";
  char buf[128] = {0};
  std::string out;
  if (std::fgets(buf, sizeof buf, pipe)) out = buf;
  ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out.empty() ? "unknown" : out;
}

}  // namespace emorec::run

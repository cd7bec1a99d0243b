// Test helpers.
#include "test_util.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "data/dataset_registry.h"

namespace emorec::test {
namespace fs = std::filesystem;

std::string data_root() {
  if (const char* env = std::getenv("EMOREC_DATA"); env && *env) return env;
  return std::string(EMOREC_SOURCE_DIR) + "/../shared/data";
}

bool have_dataset(const std::string& name) {
  const auto& info = data::dataset_registry().at(name);
  for (const auto& f : info.files) {
    if (!fs::is_regular_file(fs::path(data_root()) / info.folder / f)) return false;
  }
  return true;
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "emorec-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

std::string json_part(const std::string& output) {
  if (!output.empty() && output[0] == '{') return output;
  const auto start = output.find("\n{");
  return start == std::string::npos ? output : output.substr(start + 1);
}

int run_command(const std::string& command, std::string* output) {
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  std::string out;
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace emorec::test

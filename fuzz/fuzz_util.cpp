#include "fuzz_util.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <typeinfo>

#include "core/error.h"

namespace emorec::fuzz {

namespace fs = std::filesystem;

const std::string& scratch_dir() {
  // Never destroyed: the exit handler that removes the folder runs after static destructors could have.
  static const std::string* dir = [] {
    const fs::path root = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    const auto d = root / ("emorec-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    auto* path = new std::string(d.string());
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(*dir, ec);
    });
    return path;
  }();
  return *dir;
}

std::string write_file(const std::string& name, const std::string& bytes) {
  const auto path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path;
}

std::vector<std::string> split_input(const uint8_t* data, size_t size, size_t parts) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const std::string sep = "\n====\n";
  std::vector<std::string> out;
  size_t from = 0;
  while (out.size() + 1 < parts) {
    const auto at = all.find(sep, from);
    if (at == std::string::npos) break;
    out.push_back(all.substr(from, at - from));
    from = at + sep.size();
  }
  out.push_back(all.substr(std::min(from, all.size())));
  out.resize(parts);
  return out;
}

void expect_clean(const std::function<void()>& body) {
  try {
    body();
  } catch (const ConfigError& e) {
    if (std::string(e.what()).empty()) {
      std::fprintf(stderr, "fuzz: a ConfigError without a message\n");
      std::abort();
    }
  } catch (const DataError& e) {
    if (std::string(e.what()).empty()) {
      std::fprintf(stderr, "fuzz: a DataError without a message\n");
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: an exception that is not EmoRec's (%s): %s\n", typeid(e).name(), e.what());
    std::abort();
  }
}

}  // namespace emorec::fuzz

// Shared helpers of the test suite: the data root, temporary folders, small file utilities.
#pragma once
#include <gtest/gtest.h>

#include <string>

namespace emorec::test {

// Whether this binary is built with AddressSanitizer (EMOREC_SANITIZE=ON, scripts/test-sanitize), which replaces
// glibc's allocator and keeps freed blocks in a quarantine (256 MiB by default) before reusing their memory.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif
// What a peak resident set measured under AddressSanitizer may add: its quarantine.
constexpr long long kSanitizerQuarantineMib = kAddressSanitizer ? 256 : 0;

// $EMOREC_DATA if set, else <source>/../shared/data.
std::string data_root();
bool have_dataset(const std::string& name);

// A fresh folder under the system temp dir, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

// Runs a shell command; returns its exit status and puts stdout+stderr into *output.
int run_command(const std::string& command, std::string* output);
// A command's --json object: its output from the first line that starts with '{' (log lines may come first on
// the same stream); the whole output when no line does.
std::string json_part(const std::string& output);

}  // namespace emorec::test

#define EMOREC_REQUIRE_DATASET(name)                                                                  \
  do {                                                                                                \
    if (!::emorec::test::have_dataset(name))                                                          \
      GTEST_SKIP() << "data set " << (name) << " not found under " << ::emorec::test::data_root(); \
  } while (0)

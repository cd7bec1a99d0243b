// Exception types of EmoRec. Library code throws these with context; only the CLI turns them into exit codes
// (ConfigError -> 2, everything else -> 1).
#pragma once
#include <stdexcept>
#include <string>

namespace emorec {

// A problem with what the user asked for: configuration files, --set overrides, command-line values.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A missing, malformed or inconsistent data set. The message says where it looked and what to do.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failure while running: non-finite loss, unreadable checkpoint, I/O errors.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace emorec

// What the fuzz targets share: the input written to a file (the readers under test take paths), split into
// several files where a format spans them, and the rule every target checks: a reader either succeeds or
// throws one of EmoRec's errors (ConfigError, DataError) with a message; any other exception (std::stoi's
// out_of_range, a YAML::Exception that escaped, std::bad_alloc from a size read off the input) is a bug and
// aborts, as do the sanitizers' reports.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace emorec::fuzz {

// A folder of its own for this process (under /dev/shm when there is one), removed at exit.
const std::string& scratch_dir();

// Writes `bytes` to scratch_dir()/name and returns the path.
std::string write_file(const std::string& name, const std::string& bytes);

// The input cut at each "\n====\n" into at most `parts` pieces (the last keeps the rest); missing pieces are
// empty. Multi-file formats take one piece per file; the seed corpora are written the same way.
std::vector<std::string> split_input(const uint8_t* data, size_t size, size_t parts);

// Runs `body`; returns normally for success or an EmoRec error with a non-empty message, aborts otherwise.
void expect_clean(const std::function<void()>& body);

}  // namespace emorec::fuzz

// Reading text input line by line within bounded memory: a line longer than the limit is an error naming the
// file and line, never an allocation as large as the file (a 1 GB line without a line break, say).
#pragma once
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>

namespace emorec {

// Longer than any line of a format EmoRec reads (a FER2013 CSV row is under 10 kB).
constexpr size_t kMaxLineBytes = size_t{64} << 20;

// Reads the next line of `in` into `line`, without its '\n' (a '\r' before it stays); false at the end of the
// stream when nothing was left. Throws DataError "<origin>:<number>: a line longer than <limit> bytes" when
// the line does not end within `limit` bytes.
bool read_line(std::istream& in, std::string& line, const std::string& origin, int64_t number,
               size_t limit = kMaxLineBytes);

}  // namespace emorec

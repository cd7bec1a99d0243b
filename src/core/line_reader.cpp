#include "core/line_reader.h"

#include "core/error.h"

namespace emorec {

bool read_line(std::istream& in, std::string& line, const std::string& origin, int64_t number, size_t limit) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr || !in.good()) return false;
  bool any = false;
  for (;;) {
    const auto c = buf->sbumpc();
    if (std::char_traits<char>::eq_int_type(c, std::char_traits<char>::eof())) {
      in.setstate(any ? std::ios::eofbit : std::ios::eofbit | std::ios::failbit);
      return any;
    }
    any = true;
    if (c == '\n') return true;
    if (line.size() >= limit) {
      throw DataError(origin + ":" + std::to_string(number) + ": a line longer than " + std::to_string(limit) +
                      " bytes (no line break where one was expected: is this the right file?)");
    }
    line.push_back(std::char_traits<char>::to_char_type(c));
  }
}

}  // namespace emorec

// Plain values to and from binary streams (the decoded-once caches): native byte order, read back on the machine
// that wrote them (a cache that fails to read is rebuilt).
#pragma once
#include <istream>
#include <ostream>

namespace emorec {

template <class T>
void put(std::ostream& out, const T& v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof v);
}

// False when the stream ends first.
template <class T>
bool get(std::istream& in, T* v) {
  return static_cast<bool>(in.read(reinterpret_cast<char*>(v), sizeof *v));
}

}  // namespace emorec

// ustar/GNU/pax tar over zlib's gzread (which also reads uncompressed files transparently).
#include "data/fer/tar_reader.h"

#include <zlib.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/error.h"

namespace emorec::data {
namespace {

constexpr size_t kBlock = 512;

struct GzFile {
  gzFile f = nullptr;
  ~GzFile() {
    if (f) gzclose(f);
  }
};

// Reads exactly n bytes; false if the stream ended first. Throws on a zlib error (corrupt data).
bool read_exact(gzFile f, uint8_t* out, size_t n, const std::string& path) {
  size_t got = 0;
  while (got < n) {
    const int r = gzread(f, out + got, static_cast<unsigned>(std::min<size_t>(n - got, 1u << 30)));
    if (r < 0) {
      int err = 0;
      const char* msg = gzerror(f, &err);
      throw DataError(path + ": corrupt archive (" + std::string(msg ? msg : "zlib error") + ")");
    }
    if (r == 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

uint64_t parse_octal(const uint8_t* field, size_t width, const std::string& path, const std::string& what) {
  // GNU base-256 for large values: high bit of the first byte set.
  if (field[0] & 0x80) {
    uint64_t v = field[0] & 0x7f;
    for (size_t i = 1; i < width; ++i) v = (v << 8) | field[i];
    return v;
  }
  uint64_t v = 0;
  size_t i = 0;
  while (i < width && (field[i] == ' ' || field[i] == 0)) ++i;
  for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i) v = v * 8 + (field[i] - '0');
  for (; i < width; ++i) {
    if (field[i] != ' ' && field[i] != 0) throw DataError(path + ": bad tar header (" + what + " field is not octal)");
  }
  return v;
}

std::string field_string(const uint8_t* field, size_t width) {
  const auto* end = static_cast<const uint8_t*>(std::memchr(field, 0, width));
  return std::string(reinterpret_cast<const char*>(field), end ? static_cast<size_t>(end - field) : width);
}

// The "path" record of a pax extended header ("<len> path=<value>\n" records), or "".
std::string pax_path(const std::vector<uint8_t>& data) {
  size_t pos = 0;
  while (pos < data.size()) {
    size_t sp = pos;
    while (sp < data.size() && data[sp] != ' ') ++sp;
    const size_t len = static_cast<size_t>(std::strtoull(std::string(data.begin() + pos, data.begin() + sp).c_str(), nullptr, 10));
    if (len == 0 || pos + len > data.size()) break;
    const std::string rec(data.begin() + sp + 1, data.begin() + pos + len - 1);
    if (rec.rfind("path=", 0) == 0) return rec.substr(5);
    pos += len;
  }
  return "";
}

}  // namespace

void for_each_tar_entry(const std::string& path,
                        const std::function<void(const std::string&, const std::vector<uint8_t>&)>& entry) {
  if (!std::filesystem::is_regular_file(path)) throw DataError(path + ": no such archive");
  GzFile gz;
  gz.f = gzopen(path.c_str(), "rb");
  if (!gz.f) throw DataError(path + ": cannot open the archive");
  gzbuffer(gz.f, 1 << 18);
  std::array<uint8_t, kBlock> header{};
  std::vector<uint8_t> data;
  std::string long_name;
  int64_t index = 0;
  while (true) {
    if (!read_exact(gz.f, header.data(), kBlock, path)) {
      throw DataError(path + ": archive ends without its end-of-archive marker after " + std::to_string(index) +
                      " entries (truncated download?)");
    }
    if (std::all_of(header.begin(), header.end(), [](uint8_t b) { return b == 0; })) return;  // end marker
    // Header checksum: sum of all bytes with the checksum field read as spaces.
    uint64_t sum = 0;
    for (size_t i = 0; i < kBlock; ++i) sum += (i >= 148 && i < 156) ? ' ' : header[i];
    const uint64_t stored = parse_octal(header.data() + 148, 8, path, "checksum");
    std::string name = field_string(header.data(), 100);
    if (sum != stored) {
      throw DataError(path + ": bad tar header checksum at entry " + std::to_string(index + 1) + " (after \"" +
                      name + "\"; corrupt archive)");
    }
    if (std::memcmp(header.data() + 257, "ustar", 5) == 0) {
      const std::string prefix = field_string(header.data() + 345, 155);
      if (!prefix.empty()) name = prefix + "/" + name;
    }
    const uint64_t size = parse_octal(header.data() + 124, 12, path, "size");
    const char type = static_cast<char>(header[156]);
    if (size > (uint64_t{1} << 32)) {
      throw DataError(path + ": entry \"" + name + "\" claims " + std::to_string(size) +
                      " bytes (corrupt tar header)");
    }
    data.resize(size);
    const uint64_t padded = (size + kBlock - 1) / kBlock * kBlock;
    if (size > 0 && !read_exact(gz.f, data.data(), size, path)) {
      throw DataError(path + ": archive ends inside entry \"" + (long_name.empty() ? name : long_name) +
                      "\" (truncated download?)");
    }
    if (padded > size) {
      std::array<uint8_t, kBlock> pad{};
      if (!read_exact(gz.f, pad.data(), padded - size, path)) {
        throw DataError(path + ": archive ends inside entry \"" + name + "\" (truncated download?)");
      }
    }
    ++index;
    if (type == 'L') {  // GNU long name: the next entry's name
      long_name = field_string(data.data(), data.size());
      continue;
    }
    if (type == 'x') {  // pax extended header
      long_name = pax_path(data);
      continue;
    }
    if (type == 'g') continue;  // pax global header
    if (!long_name.empty()) name = std::move(long_name), long_name.clear();
    if (type == '0' || type == '\0' || type == '7') entry(name, data);
  }
}

}  // namespace emorec::data

// Cache file: "EMORECFER" v1 header, source fingerprint, counts, CRC-32, then pixels, labels, usage.
#include "data/fer/fer_cache.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/binary_io.h"
#include "core/error.h"
#include "core/log.h"
#include "core/rng.h"

namespace fs = std::filesystem;

namespace emorec::data {
namespace {

constexpr char kMagic[8] = {'E', 'M', 'O', 'R', 'F', 'E', 'R', '2'};

struct Fingerprint {
  uint64_t size = 0;
  int64_t mtime = 0;
  uint64_t files = 1;
  uint64_t listing = 0;  // folders: a hash of every file's relative path, size and time (labels are folder names)
  bool operator==(const Fingerprint& o) const {
    return size == o.size && mtime == o.mtime && files == o.files && listing == o.listing;
  }
};

int64_t mtime_of(const fs::path& p) {
  return static_cast<int64_t>(fs::last_write_time(p).time_since_epoch().count());
}

Fingerprint fingerprint(const std::string& source) {
  Fingerprint f;
  if (fs::is_directory(source)) {
    f.files = 0;
    std::vector<std::string> entries;
    for (const auto& e : fs::recursive_directory_iterator(source)) {
      if (!e.is_regular_file()) continue;
      const auto t = mtime_of(e.path());
      ++f.files, f.size += e.file_size(), f.mtime = std::max(f.mtime, t);
      entries.push_back(fs::relative(e.path(), source).generic_string() + "|" + std::to_string(e.file_size()) + "|" +
                        std::to_string(t));
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& e : entries) f.listing = derive_seed(f.listing, e);
  } else if (fs::is_regular_file(source)) {
    f.size = fs::file_size(source), f.mtime = mtime_of(source);
  } else {
    throw DataError(source + ": no such FER2013 file or folder");
  }
  return f;
}

uint32_t crc_of(const FerImages& d) {
  uLong crc = crc32(0L, Z_NULL, 0);
  auto add = [&](const std::vector<uint8_t>& v) {
    for (size_t off = 0; off < v.size(); off += 1u << 30) {
      crc = crc32(crc, v.data() + off, static_cast<uInt>(std::min<size_t>(v.size() - off, 1u << 30)));
    }
  };
  add(d.pixels), add(d.labels), add(d.usage);
  return static_cast<uint32_t>(crc);
}

// Reads the cache if it matches `source` and `fp`; otherwise returns false with the reason.
bool read_cache(const std::string& path, const std::string& source, const Fingerprint& fp, FerImages* out,
                std::string* reason) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return *reason = "no cache yet", false;
  char magic[8];
  uint64_t name_len = 0, n = 0;
  Fingerprint stored;
  uint32_t crc = 0;
  if (!in.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0) return *reason = "not a cache file of this version", false;
  if (!get(in, &name_len) || name_len > 4096) return *reason = "truncated cache header", false;
  std::string name(name_len, '\0');
  if (!in.read(name.data(), static_cast<std::streamsize>(name_len)) || !get(in, &stored.size) ||
      !get(in, &stored.mtime) || !get(in, &stored.files) || !get(in, &stored.listing) || !get(in, &n) ||
      !get(in, &crc)) {
    return *reason = "truncated cache header", false;
  }
  if (name != source || !(stored == fp)) return *reason = "the source changed", false;
  if (n > (uint64_t{1} << 26)) return *reason = "implausible image count", false;
  out->pixels.resize(n * kFerPixels), out->labels.resize(n), out->usage.resize(n);
  if (!in.read(reinterpret_cast<char*>(out->pixels.data()), static_cast<std::streamsize>(out->pixels.size())) ||
      !in.read(reinterpret_cast<char*>(out->labels.data()), static_cast<std::streamsize>(n)) ||
      !in.read(reinterpret_cast<char*>(out->usage.data()), static_cast<std::streamsize>(n))) {
    return *reason = "truncated cache file", false;
  }
  if (crc_of(*out) != crc) return *reason = "checksum mismatch", false;
  for (size_t i = 0; i < n; ++i) {
    if (out->labels[i] >= kFerClasses || out->usage[i] > 2) return *reason = "bad label or usage in the cache", false;
  }
  return true;
}

}  // namespace

FerImages load_fer_cached(const std::string& source_in, const std::string& cache_dir, FerCacheInfo* info) {
  const std::string source = fs::absolute(source_in).lexically_normal().string();
  const Fingerprint fp = fingerprint(source);
  char name[40];
  std::snprintf(name, sizeof name, "fer2013-%016llx.bin",
                static_cast<unsigned long long>(derive_seed(0, source)));
  const std::string path = (fs::path(cache_dir) / name).string();
  FerCacheInfo local;
  FerCacheInfo& ci = info ? *info : local;
  ci.path = path;
  FerImages images;
  if (read_cache(path, source, fp, &images, &ci.reason)) {
    ci.rebuilt = false;
    return images;
  }
  ci.rebuilt = true;
  log_info("FER2013 cache ", path, ": ", ci.reason, "; decoding ", source);
  images = read_fer_source(source);
  std::error_code ec;
  fs::create_directories(cache_dir, ec);
  if (ec) throw DataError(cache_dir + ": cannot create the cache folder (" + ec.message() + "); set data.cache_dir");
  write_file_atomic(path, [&](std::ostream& out) {
    out.write(kMagic, 8);
    put(out, static_cast<uint64_t>(source.size()));
    out.write(source.data(), static_cast<std::streamsize>(source.size()));
    put(out, fp.size), put(out, fp.mtime), put(out, fp.files), put(out, fp.listing);
    put(out, static_cast<uint64_t>(images.size()));
    put(out, crc_of(images));
    out.write(reinterpret_cast<const char*>(images.pixels.data()), static_cast<std::streamsize>(images.pixels.size()));
    out.write(reinterpret_cast<const char*>(images.labels.data()), static_cast<std::streamsize>(images.labels.size()));
    out.write(reinterpret_cast<const char*>(images.usage.data()), static_cast<std::streamsize>(images.usage.size()));
  });
  return images;
}

}  // namespace emorec::data

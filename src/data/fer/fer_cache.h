// The decoded-once cache of FER2013: epochs read a compact binary file instead of decoding images again.
#pragma once
#include <string>

#include "data/fer/fer2013.h"

namespace emorec::data {

struct FerCacheInfo {
  std::string path;      // the cache file
  bool rebuilt = false;  // true if the source was decoded in this call
  std::string reason;    // why it was rebuilt ("no cache", "source changed", "checksum mismatch", ...)
};

// Reads `source` (archive, folder or CSV; see read_fer_source) through a cache file in `cache_dir`. The cache
// records the source's absolute path, size and modification time (for a folder: its file count, total size,
// newest time and a hash of every file's path, size and time, since labels are folder names) and a CRC-32 of
// its payload; it is rebuilt when the source changed or the check fails,
// and written atomically.
FerImages load_fer_cached(const std::string& source, const std::string& cache_dir, FerCacheInfo* info = nullptr);

}  // namespace emorec::data

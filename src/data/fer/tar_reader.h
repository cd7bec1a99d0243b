// Streaming reader of (optionally gzip-compressed) tar archives, through libarchive: one pass, regular files
// only, with errors that name the archive and the entry. Used to read FER2013 straight from its .tar.gz.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace emorec::data {

// The largest entry read (FER2013's images are a few kilobytes): a header claiming more is an error.
constexpr int64_t kMaxTarEntryBytes = int64_t{256} << 20;

// Calls `entry(name, bytes)` for every regular file in `path` in archive order (names as stored, e.g.
// "./train/angry/Training_1.jpg"; GNU long names and pax path records are honoured). Throws DataError for a
// missing file, a corrupt header or compressed stream, an entry over kMaxTarEntryBytes, or an archive that ends inside an entry.
void for_each_tar_entry(const std::string& path,
                        const std::function<void(const std::string& name, const std::vector<uint8_t>& bytes)>& entry);

}  // namespace emorec::data

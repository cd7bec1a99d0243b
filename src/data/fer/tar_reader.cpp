// Tar archives through libarchive (which also detects gzip and reads ustar, GNU and pax entries).
#include "data/fer/tar_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "core/error.h"

namespace emorec::data {
namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

std::string why(archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown libarchive error";
}

}  // namespace

void for_each_tar_entry(const std::string& path,
                        const std::function<void(const std::string& name, const std::vector<uint8_t>& bytes)>& entry) {
  if (!std::filesystem::is_regular_file(path)) throw DataError(path + ": no such file");
  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  if (!a) throw DataError(path + ": cannot start libarchive");
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_none(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    throw DataError(path + ": not a readable tar archive (" + why(a.get()) + ")");
  }
  std::vector<uint8_t> bytes;
  for (;;) {
    archive_entry* e = nullptr;
    const int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      throw DataError(path + ": corrupt or truncated archive (" + why(a.get()) + ")");
    }
    const char* name = archive_entry_pathname(e);
    const std::string entry_name = name ? name : "";
    if (archive_entry_filetype(e) != AE_IFREG) continue;  // folders, links, devices: nothing to read
    const la_int64_t size = archive_entry_size(e);
    if (size < 0 || !archive_entry_size_is_set(e)) {
      throw DataError(path + ": " + entry_name + ": entry without a size");
    }
    if (size > kMaxTarEntryBytes) {
      throw DataError(path + ": " + entry_name + ": an entry of " + std::to_string(size) + " bytes, over the limit of " +
                      std::to_string(kMaxTarEntryBytes) + " (a corrupt header, or not an archive of images)");
    }
    // Grown as the data arrives, so that a header claiming more than the archive holds costs what it holds.
    const auto want = static_cast<size_t>(size);
    bytes.clear();
    while (bytes.size() < want) {
      const size_t got = bytes.size(), chunk = std::min<size_t>(want - got, size_t{1} << 20);
      bytes.resize(got + chunk);
      const la_ssize_t n = archive_read_data(a.get(), bytes.data() + got, chunk);
      if (n < 0) throw DataError(path + ": " + entry_name + ": corrupt or truncated entry (" + why(a.get()) + ")");
      if (n == 0) throw DataError(path + ": " + entry_name + ": the archive ends inside this entry");
      bytes.resize(got + static_cast<size_t>(n));
    }
    entry(entry_name, bytes);
  }
}

}  // namespace emorec::data

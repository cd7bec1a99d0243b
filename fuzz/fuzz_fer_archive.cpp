// The tar reader (libarchive: tar, gzip) and the FER2013 image archive on it: every entry's JPEG or PNG decoded
// and checked (fer2013-images.tar.gz's layout, usage/emotion/name).
#include "data/fer/fer2013.h"
#include "data/fer/tar_reader.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = emorec::fuzz::write_file("images.tar.gz", std::string(reinterpret_cast<const char*>(data), size));
  emorec::fuzz::expect_clean([&] {
    size_t bytes = 0;
    emorec::data::for_each_tar_entry(path, [&](const std::string&, const std::vector<uint8_t>& b) { bytes += b.size(); });
  });
  emorec::fuzz::expect_clean([&] { emorec::data::read_fer_archive(path); });
  return 0;
}

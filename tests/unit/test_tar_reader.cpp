// The tar reader on archives written here with libarchive's writer: gzip and plain tar, a pax long name,
// folders skipped, and errors naming the archive (and the entry) for truncated, corrupt or missing files.
#include <gtest/gtest.h>

#include <archive.h>
#include <archive_entry.h>

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "data/fer/tar_reader.h"
#include "test_util.h"

namespace emorec::data {
namespace {

// Writes `files` (name -> content) and one folder entry into `path`; gzip-compressed when `gzip`.
void write_tar(const std::string& path, const std::map<std::string, std::string>& files, bool gzip) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);  // ustar, with pax records for what ustar cannot hold
  if (gzip) archive_write_add_filter_gzip(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, "./train/");
  archive_entry_set_filetype(e, AE_IFDIR);
  archive_entry_set_perm(e, 0755);
  archive_write_header(a, e);
  for (const auto& [name, content] : files) {
    archive_entry_clear(e);
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    archive_write_data(a, content.data(), content.size());
  }
  archive_entry_free(e);
  archive_write_close(a);
  archive_write_free(a);
}

std::map<std::string, std::string> read_all(const std::string& path) {
  std::map<std::string, std::string> out;
  for_each_tar_entry(path, [&](const std::string& name, const std::vector<uint8_t>& bytes) {
    out[name] = std::string(bytes.begin(), bytes.end());
  });
  return out;
}

std::string error_of(const std::string& path) {
  try {
    read_all(path);
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a DataError for " << path;
  return "";
}

const std::string kLong = "./train/" + std::string(150, 'x') + "/Training_1.jpg";  // beyond ustar's 100 bytes

std::map<std::string, std::string> files() {
  std::string big(70000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 % 251);
  return {{"./train/angry/Training_2.jpg", "face"}, {kLong, big}, {"./test/empty.jpg", ""}};
}

TEST(TarReader, ReadsGzipAndPlainArchivesWithLongNames) {
  test::TempDir tmp;
  for (const bool gzip : {true, false}) {
    const std::string path = tmp.file(gzip ? "a.tar.gz" : "a.tar");
    write_tar(path, files(), gzip);
    EXPECT_EQ(read_all(path), files()) << path;  // the folder entry is not reported
  }
}

TEST(TarReader, TruncatedCorruptAndMissingArchivesNameTheFile) {
  test::TempDir tmp;
  write_tar(tmp.file("a.tar.gz"), files(), true);
  const std::string bytes = test::read_file(tmp.file("a.tar.gz"));
  test::write_file(tmp.file("cut.tar.gz"), bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(error_of(tmp.file("cut.tar.gz")).rfind(tmp.file("cut.tar.gz") + ": ", 0), 0u);
  write_tar(tmp.file("b.tar"), files(), false);
  std::string plain = test::read_file(tmp.file("b.tar"));
  test::write_file(tmp.file("cut.tar"), plain.substr(0, plain.size() / 2));  // inside the long entry's data
  EXPECT_EQ(error_of(tmp.file("cut.tar")).rfind(tmp.file("cut.tar") + ": ", 0), 0u);
  plain[512 + 148] ^= 0x5a;  // the second header's checksum field
  test::write_file(tmp.file("bad.tar"), plain);
  EXPECT_EQ(error_of(tmp.file("bad.tar")).rfind(tmp.file("bad.tar") + ": ", 0), 0u);
  test::write_file(tmp.file("junk.tar.gz"), std::string("\x1f\x8b\x08\x00garbage garbage", 20));
  EXPECT_EQ(error_of(tmp.file("junk.tar.gz")).rfind(tmp.file("junk.tar.gz") + ": ", 0), 0u);
  EXPECT_NE(error_of(tmp.file("none.tar")).find("no such file"), std::string::npos);
}

}  // namespace
}  // namespace emorec::data

namespace emorec::data {
namespace {

// Found by fuzz/fuzz_fer_archive.cpp: a header claiming an entry of 2^63 - 1 bytes was a vector of that size
// (AddressSanitizer: allocation-size-too-big). The input is the fuzzer's own, in fuzz/regressions/.
TEST(TarReader, AnEntryLargerThanTheLimitIsAnErrorNotAnAllocation) {
  const std::string path = std::string(EMOREC_SOURCE_DIR) + "/fuzz/regressions/fer_archive/entry_of_2_63_bytes.tar";
  try {
    for_each_tar_entry(path, [](const std::string&, const std::vector<uint8_t>&) {});
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("bytes, over the limit of"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace emorec::data

// What the image decoder does not check itself. Debian 12's stb_image (2.27) builds a JPEG Huffman table
// without checking that its 16 code counts sum to at most 256, and writes past the table when they do
// (found by fuzz/fuzz_photo.cpp; stb 2.28 added the check). Every JPEG goes through this before stb sees it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace emorec::image {

// Walks every marker segment of a JPEG (what stb takes for one: 0xFF, fill bytes, SOI; before, between and after
// scans); throws DataError "<origin>: corrupt
// JPEG: ..." for a Huffman table (DHT) with more than 256 codes or longer than its segment. Other files, and
// JPEGs cut short, are left to the decoder.
void check_jpeg_tables(const uint8_t* bytes, size_t size, const std::string& origin);

}  // namespace emorec::image

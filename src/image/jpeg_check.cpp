#include "image/jpeg_check.h"

#include "core/error.h"

namespace emorec::image {

void check_jpeg_tables(const uint8_t* b, size_t n, const std::string& origin) {
  // A JPEG to stb_image: 0xFF, any number of 0xFF fill bytes, then SOI (0xD8).
  size_t at = 0;
  while (at < n && b[at] == 0xFF) ++at;
  if (at == 0 || at >= n || b[at] != 0xD8) return;  // not a JPEG
  ++at;
  while (at + 1 < n) {
    if (b[at] != 0xFF) {  // entropy-coded data of a scan: on to the next marker
      ++at;
      continue;
    }
    const uint8_t marker = b[at + 1];
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {  // stuffing, TEM, RSTn, SOI
      at += 2;
      continue;
    }
    if (marker == 0xD9) return;  // end of image
    if (at + 4 > n) return;
    const size_t len = (static_cast<size_t>(b[at + 2]) << 8) | b[at + 3];
    if (len < 2) return;  // the decoder reports it
    if (marker == 0xC4) {
      // Checked even when the file ends inside the segment: the decoder reads zeros past the end, and builds
      // the tables from what it read before it notices.
      const size_t end = at + 2 + len;
      size_t p = at + 4;
      while (p < end) {
        if (p + 17 > end) throw DataError(origin + ": corrupt JPEG: a Huffman table cut short");
        size_t codes = 0;
        for (size_t i = 1; i <= 16 && p + i < n; ++i) codes += b[p + i];
        if (codes > 256) {
          throw DataError(origin + ": corrupt JPEG: a Huffman table with " + std::to_string(codes) +
                          " codes (at most 256)");
        }
        if (p + 17 + codes > end) throw DataError(origin + ": corrupt JPEG: a Huffman table longer than its segment");
        p += 17 + codes;
      }
    }
    if (at + 2 + len > n) return;  // cut short: the decoder reports it
    at += 2 + len;
  }
}

}  // namespace emorec::image

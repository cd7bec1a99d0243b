// Photo decoding: the size check, and EXIF orientation read from a JPEG's APP1 segment.
#include "image/photo.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <vector>

#include "core/error.h"

namespace emorec::image {
namespace {

// TIFF integers in the byte order of the EXIF block.
struct Tiff {
  const uint8_t* p;
  size_t n;
  bool little;
  bool has(size_t at, size_t len) const { return at <= n && len <= n - at; }
  uint32_t u16(size_t at) const { return little ? p[at] | (p[at + 1] << 8) : (p[at] << 8) | p[at + 1]; }
  uint32_t u32(size_t at) const {
    return little ? p[at] | (p[at + 1] << 8) | (p[at + 2] << 16) | (static_cast<uint32_t>(p[at + 3]) << 24)
                  : (static_cast<uint32_t>(p[at]) << 24) | (p[at + 1] << 16) | (p[at + 2] << 8) | p[at + 3];
  }
};

int orientation_in_tiff(const uint8_t* p, size_t n) {
  if (n < 8) return 1;
  Tiff t{p, n, p[0] == 'I' && p[1] == 'I'};
  if (!t.little && !(p[0] == 'M' && p[1] == 'M')) return 1;
  if (t.u16(2) != 42) return 1;
  const size_t ifd = t.u32(4);
  if (!t.has(ifd, 2)) return 1;
  const uint32_t entries = t.u16(ifd);
  for (uint32_t e = 0; e < entries; ++e) {
    const size_t at = ifd + 2 + 12 * static_cast<size_t>(e);
    if (!t.has(at, 12)) return 1;
    if (t.u16(at) == 0x0112) {  // Orientation, SHORT
      const uint32_t v = t.u16(at + 8);
      return v >= 1 && v <= 8 ? static_cast<int>(v) : 1;
    }
  }
  return 1;
}

}  // namespace

int exif_orientation(const uint8_t* b, size_t n) {
  if (n < 4 || b[0] != 0xFF || b[1] != 0xD8) return 1;  // not a JPEG
  size_t at = 2;
  while (at + 4 <= n && b[at] == 0xFF) {
    const uint8_t marker = b[at + 1];
    if (marker == 0xD9 || marker == 0xDA) break;  // end of image, start of scan: no EXIF before the pixels
    const size_t len = (static_cast<size_t>(b[at + 2]) << 8) | b[at + 3];
    if (len < 2 || at + 2 + len > n) break;
    if (marker == 0xE1 && len >= 8 && std::equal(b + at + 4, b + at + 10, "Exif\0\0")) {
      return orientation_in_tiff(b + at + 10, len - 8);
    }
    at += 2 + len;
  }
  return 1;
}

GrayImage apply_orientation(const GrayImage& img, int orientation) {
  if (orientation <= 1 || orientation > 8) return img;
  const bool transpose = orientation >= 5;  // 5-8 swap the axes
  GrayImage out;
  out.width = transpose ? img.height : img.width;
  out.height = transpose ? img.width : img.height;
  out.pixels.resize(img.pixels.size());
  const int w = img.width, h = img.height;
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      int sx = 0, sy = 0;  // the stored pixel shown at (x, y)
      switch (orientation) {
        case 2:
          sx = w - 1 - x, sy = y;
          break;
        case 3:
          sx = w - 1 - x, sy = h - 1 - y;
          break;
        case 4:
          sx = x, sy = h - 1 - y;
          break;
        case 5:
          sx = y, sy = x;
          break;
        case 6:
          sx = y, sy = h - 1 - x;
          break;
        case 7:
          sx = w - 1 - y, sy = h - 1 - x;
          break;
        case 8:
          sx = w - 1 - y, sy = x;
          break;
      }
      out.pixels[static_cast<size_t>(y) * static_cast<size_t>(out.width) + static_cast<size_t>(x)] =
          img.pixels[static_cast<size_t>(sy) * static_cast<size_t>(w) + static_cast<size_t>(sx)];
    }
  }
  return out;
}

GrayImage decode_photo(const uint8_t* bytes, size_t size, const std::string& origin, int64_t max_pixels) {
  if (size == 0) throw DataError(origin + ": empty image file");
  if (size > static_cast<size_t>(std::numeric_limits<int>::max())) {
    throw PhotoTooLargeError(origin + ": the file is " + std::to_string(size) + " bytes, over what the decoder reads");
  }
  const auto [w, h] = image_size(bytes, size, origin);
  if (w <= 0 || h <= 0 || static_cast<int64_t>(w) * h > max_pixels) {
    throw PhotoTooLargeError(origin + ": the image is " + std::to_string(w) + " x " + std::to_string(h) +
                    " pixels, over the " + "limit of " + std::to_string(max_pixels) + " pixels");
  }
  return apply_orientation(decode_image(bytes, size, origin, max_pixels), exif_orientation(bytes, size));
}

GrayImage read_photo(const std::string& path, int64_t max_pixels) {
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path)) throw DataError(path + ": cannot open the image");
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decode_photo(bytes.data(), bytes.size(), path, max_pixels);
}

}  // namespace emorec::image

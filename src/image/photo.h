// Photos from people (uploads, cameras): decoded to grey like any image, but with the image's size checked
// before decoding (a small file that claims a huge image, a decompression bomb, is refused) and the camera's
// EXIF orientation applied, so a portrait taken sideways is upright.
#pragma once
#include <cstdint>
#include <string>

#include "core/error.h"
#include "image/gray_image.h"

namespace emorec::image {

// A photo over the pixel limit (a DataError; the server answers 413).
class PhotoTooLargeError : public DataError {
 public:
  using DataError::DataError;
};

// The EXIF orientation of JPEG bytes (1-8, TIFF's meaning), 1 when there is none or it cannot be read.
int exif_orientation(const uint8_t* bytes, size_t size);

// `image` turned upright for EXIF orientation `orientation` (1: as stored; 2-8: mirrored and/or rotated).
GrayImage apply_orientation(const GrayImage& image, int orientation);

// Decodes a photo of at most `max_pixels` pixels (width x height, read from the header before decoding) and
// applies its EXIF orientation. DataError naming `origin` for an undecodable or oversized image.
GrayImage decode_photo(const uint8_t* bytes, size_t size, const std::string& origin, int64_t max_pixels);
GrayImage read_photo(const std::string& path, int64_t max_pixels);

}  // namespace emorec::image

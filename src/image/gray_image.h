// 8-bit grey images: decoding any common format and the face preprocessing that training data and
// inference share (so the two cannot drift apart).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace emorec::image {

struct GrayImage {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // row-major, width * height
};

// The width and height an image's header gives, without decoding it. Throws DataError naming `origin` for data
// the decoder does not read.
std::pair<int, int> image_size(const uint8_t* bytes, size_t size, const std::string& origin);

// Decodes JPEG, PNG, BMP, GIF, TGA, PSD or PNM bytes; colour is converted to grey with the ITU-R BT.601 luma
// weights. Throws DataError naming `origin` for data it cannot decode, and, from its header and before
// decoding, for an image of more than `max_pixels` pixels (the decoder allocates what the header claims).
GrayImage decode_image(const uint8_t* bytes, size_t size, const std::string& origin, int64_t max_pixels);
// Reads and decodes a file.
GrayImage read_image(const std::string& path, int64_t max_pixels);

// The face crop every FER2013 image went through: the largest centred square, resized to size x size
// (area averaging when shrinking, bilinear when enlarging), through crop_face (image/face_crop.h), the crop
// that detected faces go through too. A size x size input comes back unchanged.
GrayImage to_face(const GrayImage& image, int size = 48);

// Resizes to exactly width x height (area averaging per axis when shrinking, bilinear when enlarging).
GrayImage resize(const GrayImage& image, int width, int height);

}  // namespace emorec::image

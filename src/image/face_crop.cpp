// The shared face crop.
#include "image/face_crop.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace emorec::image {

Box centred_square(const GrayImage& img) {
  const int side = std::min(img.width, img.height);
  return {(img.width - side) / 2, (img.height - side) / 2, side, side};
}

Box frame_box(const Box& box, const Framing& f) {
  if (!(f.scale > 0) || !std::isfinite(f.shift_x) || !std::isfinite(f.shift_y)) {
    throw ConfigError("face framing: scale must be > 0 and shifts finite");
  }
  const double cx = box.x + box.width / 2.0 + f.shift_x * box.width;
  const double cy = box.y + box.height / 2.0 + f.shift_y * box.height;
  const int side = std::max(1, static_cast<int>(std::lround(std::max(box.width, box.height) * f.scale)));
  return {static_cast<int>(std::lround(cx - side / 2.0)), static_cast<int>(std::lround(cy - side / 2.0)), side,
          side};
}

GrayImage crop_face(const GrayImage& img, const Box& box, double margin, int size) {
  if (img.width <= 0 || img.height <= 0) throw DataError("crop_face: empty image");
  if (box.width <= 0 || box.height <= 0) throw DataError("crop_face: empty box");
  const double cx = box.x + box.width / 2.0, cy = box.y + box.height / 2.0;
  int side = static_cast<int>(std::lround(std::max(box.width, box.height) * (1 + 2 * margin)));
  side = std::clamp(side, 1, std::min(img.width, img.height));
  const int x0 = std::clamp(static_cast<int>(std::lround(cx - side / 2.0)), 0, img.width - side);
  const int y0 = std::clamp(static_cast<int>(std::lround(cy - side / 2.0)), 0, img.height - side);
  GrayImage square;
  square.width = square.height = side;
  square.pixels.resize(static_cast<size_t>(side) * static_cast<size_t>(side));
  for (int y = 0; y < side; ++y) {
    std::copy_n(img.pixels.data() + static_cast<size_t>(y0 + y) * static_cast<size_t>(img.width) + x0, side,
                square.pixels.data() + static_cast<size_t>(y) * static_cast<size_t>(side));
  }
  return resize(square, size, size);
}

}  // namespace emorec::image

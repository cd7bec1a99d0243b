// Decoding through stb_image (Debian's libstb) and a separable resampler.
#include "image/gray_image.h"

#include <stb_image.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "image/jpeg_check.h"
#include "image/face_crop.h"

namespace emorec::image {
namespace {

// Weights of source pixels for each destination pixel along one axis.
struct Tap {
  int first = 0;
  std::vector<float> weights;
};

std::vector<Tap> axis_taps(int src, int dst) {
  std::vector<Tap> taps(static_cast<size_t>(dst));
  const double scale = static_cast<double>(src) / dst;
  for (int d = 0; d < dst; ++d) {
    Tap& t = taps[static_cast<size_t>(d)];
    if (scale >= 1.0) {  // area: the exact overlap of [d*scale, (d+1)*scale) with each source pixel
      const double lo = d * scale, hi = (d + 1) * scale;
      t.first = static_cast<int>(std::floor(lo));
      for (int s = t.first; s < src && s < hi; ++s) {
        const double w = std::min<double>(s + 1, hi) - std::max<double>(s, lo);
        t.weights.push_back(static_cast<float>(w / scale));
      }
    } else {  // bilinear with pixel centres aligned
      const double x = std::clamp((d + 0.5) * scale - 0.5, 0.0, static_cast<double>(src - 1));
      t.first = static_cast<int>(std::floor(x));
      const double f = x - t.first;
      t.weights = {static_cast<float>(1.0 - f)};
      if (t.first + 1 < src) t.weights.push_back(static_cast<float>(f));
    }
  }
  return taps;
}

}  // namespace

std::pair<int, int> image_size(const uint8_t* bytes, size_t size, const std::string& origin) {
  if (size == 0) throw DataError(origin + ": empty image file");
  if (size > static_cast<size_t>(std::numeric_limits<int>::max())) {
    throw DataError(origin + ": the file is " + std::to_string(size) + " bytes, over what the decoder reads");
  }
  check_jpeg_tables(bytes, size, origin);
  int w = 0, h = 0, channels = 0;
  if (!stbi_info_from_memory(bytes, static_cast<int>(size), &w, &h, &channels)) {
    throw DataError(origin + ": cannot decode the image (" + std::string(stbi_failure_reason()) + ")");
  }
  return {w, h};
}

GrayImage decode_image(const uint8_t* bytes, size_t size, const std::string& origin, int64_t max_pixels) {
  const auto [iw, ih] = image_size(bytes, size, origin);
  if (iw <= 0 || ih <= 0 || static_cast<int64_t>(iw) * ih > max_pixels) {
    throw DataError(origin + ": the image is " + std::to_string(iw) + " x " + std::to_string(ih) +
                    " pixels, over the limit of " + std::to_string(max_pixels) + " pixels");
  }
  int w = 0, h = 0, channels = 0;
  uint8_t* pixels = stbi_load_from_memory(bytes, static_cast<int>(size), &w, &h, &channels, 1);
  if (!pixels) {
    throw DataError(origin + ": cannot decode the image (" + std::string(stbi_failure_reason()) + ")");
  }
  GrayImage img;
  img.width = w, img.height = h;
  img.pixels.assign(pixels, pixels + static_cast<size_t>(w) * static_cast<size_t>(h));
  stbi_image_free(pixels);
  return img;
}

GrayImage read_image(const std::string& path, int64_t max_pixels) {
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path)) throw DataError(path + ": cannot open the image");
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decode_image(bytes.data(), bytes.size(), path, max_pixels);
}

GrayImage resize(const GrayImage& img, int width, int height) {
  if (img.width == width && img.height == height) return img;
  const auto xt = axis_taps(img.width, width), yt = axis_taps(img.height, height);
  std::vector<float> rows(static_cast<size_t>(img.height) * static_cast<size_t>(width));  // horizontal pass
  for (int y = 0; y < img.height; ++y) {
    const uint8_t* src = img.pixels.data() + static_cast<size_t>(y) * static_cast<size_t>(img.width);
    for (int x = 0; x < width; ++x) {
      const Tap& t = xt[static_cast<size_t>(x)];
      float acc = 0;
      for (size_t k = 0; k < t.weights.size(); ++k) acc += t.weights[k] * src[t.first + static_cast<int>(k)];
      rows[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)] = acc;
    }
  }
  GrayImage out;
  out.width = width, out.height = height;
  out.pixels.resize(static_cast<size_t>(width) * static_cast<size_t>(height));
  for (int y = 0; y < height; ++y) {
    const Tap& t = yt[static_cast<size_t>(y)];
    for (int x = 0; x < width; ++x) {
      float acc = 0;
      for (size_t k = 0; k < t.weights.size(); ++k) {
        acc += t.weights[k] * rows[static_cast<size_t>(t.first + static_cast<int>(k)) * static_cast<size_t>(width) +
                                   static_cast<size_t>(x)];
      }
      out.pixels[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)] =
          static_cast<uint8_t>(std::clamp(std::lround(acc), 0L, 255L));
    }
  }
  return out;
}

GrayImage to_face(const GrayImage& img, int size) {
  if (img.width <= 0 || img.height <= 0) throw DataError("to_face: empty image");
  return crop_face(img, centred_square(img), 0.0, size);
}

}  // namespace emorec::image

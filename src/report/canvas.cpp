#include "report/canvas.h"

#include <stb_easy_font.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>

#include "core/atomic_file.h"
#include "core/error.h"

namespace emorec::report {

Canvas::Canvas(int width, int height, Rgb bg) : width_(width), height_(height) {
  rgb_.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
  for (size_t i = 0; i < rgb_.size(); i += 3) std::copy(bg.begin(), bg.end(), rgb_.begin() + static_cast<long>(i));
}

void Canvas::fill_rect(int x0, int y0, int x1, int y1, Rgb c) {
  x0 = std::max(x0, 0), y0 = std::max(y0, 0), x1 = std::min(x1, width_), y1 = std::min(y1, height_);
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      std::copy(c.begin(), c.end(), rgb_.begin() + (static_cast<long>(y) * width_ + x) * 3);
    }
  }
}

void Canvas::line(double x0, double y0, double x1, double y1, Rgb c, int thickness) {
  const double len = std::max(std::abs(x1 - x0), std::abs(y1 - y0));
  const int steps = std::max(1, static_cast<int>(std::ceil(len * 2)));
  const int half = thickness / 2;
  for (int i = 0; i <= steps; ++i) {
    const double t = static_cast<double>(i) / steps;
    const int x = static_cast<int>(std::lround(x0 + t * (x1 - x0))), y = static_cast<int>(std::lround(y0 + t * (y1 - y0)));
    fill_rect(x - half, y - half, x - half + thickness, y - half + thickness, c);
  }
}

void Canvas::text(int x, int y, const std::string& s, Rgb c, int scale) {
  static thread_local std::vector<char> buffer(1 << 16);
  std::string copy = s;
  const int quads = stb_easy_font_print(0, 0, copy.data(), nullptr, buffer.data(), static_cast<int>(buffer.size()));
  for (int q = 0; q < quads; ++q) {
    const float* v0 = reinterpret_cast<const float*>(buffer.data() + q * 64);       // vertex 0: x, y, z, rgba
    const float* v2 = reinterpret_cast<const float*>(buffer.data() + q * 64 + 32);  // vertex 2 (opposite corner)
    fill_rect(x + static_cast<int>(v0[0]) * scale, y + static_cast<int>(v0[1]) * scale,
              x + static_cast<int>(v2[0]) * scale, y + static_cast<int>(v2[1]) * scale, c);
  }
}

int Canvas::text_width(const std::string& s, int scale) {
  std::string copy = s;
  return stb_easy_font_width(copy.data()) * scale;
}

Rgb Canvas::at(int x, int y) const {
  const auto* p = rgb_.data() + (static_cast<long>(y) * width_ + x) * 3;
  return {p[0], p[1], p[2]};
}

void Canvas::write_png(const std::string& path) const {
  std::vector<uint8_t> png;
  auto sink = [](void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(ctx);
    out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
  };
  if (!stbi_write_png_to_func(sink, &png, width_, height_, 3, rgb_.data(), width_ * 3)) {
    throw RunError(path + ": cannot encode the PNG");
  }
  write_file_atomic(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
  });
}

}  // namespace emorec::report

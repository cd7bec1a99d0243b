// A small RGB raster for run plots: rectangles, lines, text (stb_easy_font's vector font) and PNG output
// (stb_image_write), so runs get pictures without a plotting stack.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace emorec::report {

using Rgb = std::array<uint8_t, 3>;

class Canvas {
 public:
  Canvas(int width, int height, Rgb background = {255, 255, 255});
  int width() const { return width_; }
  int height() const { return height_; }
  void fill_rect(int x0, int y0, int x1, int y1, Rgb color);  // [x0, x1) x [y0, y1), clipped
  void line(double x0, double y0, double x1, double y1, Rgb color, int thickness = 1);
  // Text with its top-left corner at (x, y); `scale` multiplies the ~6x7-pixel glyphs.
  void text(int x, int y, const std::string& s, Rgb color, int scale = 1);
  static int text_width(const std::string& s, int scale = 1);
  Rgb at(int x, int y) const;
  // Writes a PNG atomically.
  void write_png(const std::string& path) const;

 private:
  int width_, height_;
  std::vector<uint8_t> rgb_;
};

}  // namespace emorec::report

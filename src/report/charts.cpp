#include "report/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace emorec::report {
namespace {

// matplotlib's tab10: enough for a reproduction table of ten rows before a colour repeats.
const Rgb kPalette[] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},  {148, 103, 189},
                        {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
constexpr size_t kColours = sizeof kPalette / sizeof kPalette[0];
const Rgb kInk = {30, 30, 30}, kGrid = {225, 225, 225};

std::string tick(double v) {
  char b[32];
  std::snprintf(b, sizeof b, std::abs(v) >= 100 ? "%.0f" : std::abs(v) >= 1 ? "%.2f" : "%.3f", v);
  return b;
}

}  // namespace

Canvas line_chart(const std::string& title, const std::string& x_label, const std::vector<Series>& series, int width,
                  int height) {
  Canvas c(width, height);
  const int left = 70, right = width - 20, top = 40, bottom = height - 50;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const auto& s : series) {
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i])) continue;
      x0 = std::min(x0, s.x[i]), x1 = std::max(x1, s.x[i]), y0 = std::min(y0, s.y[i]), y1 = std::max(y1, s.y[i]);
    }
  }
  c.text(left, 12, title, kInk, 2);
  if (!std::isfinite(x0)) return c;
  if (x1 == x0) x1 = x0 + 1;
  const double pad = (y1 - y0) * 0.05 + 1e-9;
  y0 -= pad, y1 += pad;
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * (right - left); };
  auto py = [&](double y) { return bottom - (y - y0) / (y1 - y0) * (bottom - top); };
  for (int k = 0; k <= 5; ++k) {  // grid and tick labels
    const double yv = y0 + (y1 - y0) * k / 5, xv = x0 + (x1 - x0) * k / 5;
    c.line(left, py(yv), right, py(yv), kGrid);
    c.text(4, static_cast<int>(py(yv)) - 4, tick(yv), kInk);
    c.text(static_cast<int>(px(xv)) - 8, bottom + 8, tick(xv), kInk);
  }
  c.line(left, top, left, bottom, kInk), c.line(left, bottom, right, bottom, kInk);
  c.text((left + right) / 2 - Canvas::text_width(x_label) / 2, bottom + 26, x_label, kInk);
  for (size_t si = 0; si < series.size(); ++si) {
    const auto& s = series[si];
    const Rgb col = kPalette[si % kColours];
    bool have = false;
    double lx = 0, ly = 0;
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i])) continue;
      const double x = px(s.x[i]), y = py(s.y[i]);
      if (have) c.line(lx, ly, x, y, col, 2);
      c.fill_rect(static_cast<int>(x) - 2, static_cast<int>(y) - 2, static_cast<int>(x) + 3, static_cast<int>(y) + 3, col);
      lx = x, ly = y, have = true;
    }
    const int ly0 = top + 6 + static_cast<int>(si) * 14;  // legend
    c.fill_rect(right - 130, ly0 + 1, right - 118, ly0 + 7, col);
    c.text(right - 112, ly0, s.name, kInk);
  }
  return c;
}

Canvas confusion_chart(const std::string& title, const std::vector<std::string>& classes,
                       const std::vector<std::vector<long long>>& counts) {
  const int n = static_cast<int>(classes.size()), cell = 62, left = 90, top = 60;
  // Wide enough for the title (drawn at scale 2) as well as the grid.
  Canvas c(std::max(left + n * cell + 20, 20 + Canvas::text_width(title, 2)), top + n * cell + 50);
  c.text(10, 12, title, kInk, 2);
  c.text(left, top - 14, "predicted ->", kInk);
  for (int t = 0; t < n; ++t) {
    long long row = 0;
    for (int p = 0; p < n; ++p) row += counts[static_cast<size_t>(t)][static_cast<size_t>(p)];
    c.text(6, top + t * cell + cell / 2 - 3, classes[static_cast<size_t>(t)], kInk);
    for (int p = 0; p < n; ++p) {
      const long long v = counts[static_cast<size_t>(t)][static_cast<size_t>(p)];
      const double f = row ? static_cast<double>(v) / static_cast<double>(row) : 0.0;
      const auto shade = static_cast<uint8_t>(255 - std::lround(200 * f));
      const Rgb fill = {shade, shade, 255};
      c.fill_rect(left + p * cell + 1, top + t * cell + 1, left + (p + 1) * cell, top + (t + 1) * cell, fill);
      const std::string label = std::to_string(v);
      const Rgb ink = f > 0.5 ? Rgb{255, 255, 255} : kInk;
      c.text(left + p * cell + cell / 2 - Canvas::text_width(label) / 2, top + t * cell + cell / 2 - 3, label, ink);
    }
  }
  for (int p = 0; p < n; ++p) {
    const auto& name = classes[static_cast<size_t>(p)];
    c.text(left + p * cell + cell / 2 - Canvas::text_width(name) / 2, top + n * cell + 8, name, kInk);
  }
  return c;
}

}  // namespace emorec::report

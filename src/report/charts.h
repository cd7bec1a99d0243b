// Line charts and confusion-matrix heat maps drawn on a Canvas.
#pragma once
#include <string>
#include <vector>

#include "report/canvas.h"

namespace emorec::report {

struct Series {
  std::string name;
  std::vector<double> x, y;  // non-finite y values are skipped
};

// A line chart with axes, tick labels, a title and a legend (colours assigned in order).
Canvas line_chart(const std::string& title, const std::string& x_label, const std::vector<Series>& series,
                  int width = 720, int height = 440);

// A confusion matrix (rows: true class, columns: predicted) with counts and row-normalised shading.
Canvas confusion_chart(const std::string& title, const std::vector<std::string>& classes,
                       const std::vector<std::vector<long long>>& counts);

}  // namespace emorec::report

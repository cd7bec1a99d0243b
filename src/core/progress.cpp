// Progress bar: in-place redraw at most ten times a second on a terminal, quarter lines on a pipe.
#include "core/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace emorec {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const auto s = static_cast<int64_t>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  }
  return buf;
}

Progress::Progress(std::string label, int64_t total, std::FILE* out)
    : label_(std::move(label)),
      total_(std::max<int64_t>(total, 0)),
      out_(out),
      tty_(::isatty(::fileno(out)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { finish(); }

double Progress::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::tick(int64_t n, const std::string& note) {
  if (finished_) return;
  done_ = std::min(done_ + n, total_);
  note_ = note;
  const auto now = std::chrono::steady_clock::now();
  if (tty_) {
    if (now - last_draw_ >= std::chrono::milliseconds(100)) {
      last_draw_ = now;
      draw(false);
    }
  } else if (total_ > 0 && done_ * 4 >= next_quarter_ * total_ && next_quarter_ < 4) {
    while (next_quarter_ < 4 && done_ * 4 >= next_quarter_ * total_) ++next_quarter_;
    draw(false);
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  draw(true);
}

void Progress::draw(bool final_line) {
  const double t = elapsed_s();
  const double rate = t > 0 ? static_cast<double>(done_) / t : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : NAN;
  const std::string tail = note_.empty() ? "" : "  " + note_;
  if (tty_) {
    constexpr int kWidth = 28;
    const int filled = total_ > 0 ? static_cast<int>(kWidth * done_ / total_) : kWidth;
    std::string bar(static_cast<size_t>(filled), '=');
    if (filled < kWidth) bar += '>' + std::string(static_cast<size_t>(kWidth - filled - 1), ' ');
    std::fprintf(out_, "\r\033[2K%s [%s] %lld/%lld %.1f it/s %s %s%s", label_.c_str(), bar.c_str(),
                 static_cast<long long>(done_), static_cast<long long>(total_), rate,
                 final_line ? "took" : "ETA", format_duration(final_line ? t : eta).c_str(), tail.c_str());
    if (final_line) std::fputc('\n', out_);
  } else {
    std::fprintf(out_, "%s %lld/%lld %.1f it/s %s %s%s\n", label_.c_str(), static_cast<long long>(done_),
                 static_cast<long long>(total_), rate, final_line ? "took" : "ETA",
                 format_duration(final_line ? t : eta).c_str(), tail.c_str());
  }
  std::fflush(out_);
}

}  // namespace emorec

// A progress bar for long loops: redrawn in place (rate, ETA) on a terminal, plain lines otherwise.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace emorec {

class Progress {
 public:
  // `total` steps; output goes to `out` (stderr by default). A terminal gets a bar, a pipe or file gets a
  // line at every quarter.
  Progress(std::string label, int64_t total, std::FILE* out = stderr);
  ~Progress();

  // Advances by `n` steps; `note` (e.g. the running loss) is shown beside the bar.
  void tick(int64_t n = 1, const std::string& note = "");
  // Ends the bar with a final line. Called by the destructor if not before.
  void finish();

  double elapsed_s() const;

 private:
  void draw(bool final_line);

  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  std::FILE* out_;
  bool tty_;
  bool finished_ = false;
  int next_quarter_ = 1;
  std::string note_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// Formats seconds as [h:]mm:ss.
std::string format_duration(double seconds);

}  // namespace emorec

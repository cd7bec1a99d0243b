// The progress bar's plain-line mode (what logs and CI see) and duration formatting.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/progress.h"

namespace emorec {
namespace {

TEST(Progress, PlainLinesAtEachQuarterAndAtTheEnd) {
  std::FILE* f = std::tmpfile();
  {
    Progress p("epoch 1/2", 8, f);
    for (int i = 0; i < 8; ++i) p.tick(1, "loss 0.5");
  }
  std::rewind(f);
  char buf[4096] = {0};
  const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  const std::string out(buf, n);
  int lines = 0;
  for (char c : out) lines += c == '\n';
  EXPECT_EQ(lines, 4) << out;  // 2/8, 4/8, 6/8, then the final line
  EXPECT_NE(out.find("epoch 1/2 2/8"), std::string::npos) << out;
  EXPECT_NE(out.find("epoch 1/2 8/8"), std::string::npos) << out;
  EXPECT_NE(out.find("it/s"), std::string::npos);
  EXPECT_NE(out.find("took"), std::string::npos);
  EXPECT_EQ(out.find('\r'), std::string::npos);
}

TEST(Progress, DurationFormat) {
  EXPECT_EQ(format_duration(0), "00:00");
  EXPECT_EQ(format_duration(75), "01:15");
  EXPECT_EQ(format_duration(3725), "1:02:05");
  EXPECT_EQ(format_duration(NAN), "--:--");
}

}  // namespace
}  // namespace emorec

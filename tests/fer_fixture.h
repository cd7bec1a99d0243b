// Small FER2013 fixtures made from the real sample CSV: a CSV with rows re-assigned to the three usages, and
// the same images in the image-folder layout (lossless PNGs), as a folder and as a .tar.gz.
#pragma once
#include <string>

#include "data/fer/fer2013.h"

namespace emorec::test {

struct FerFixture {
  std::string csv;     // emotion,pixels,Usage
  std::string folder;  // train/<emotion>/Training_<row>.png, test/<emotion>/{PublicTest,PrivateTest}_<row>.png
  std::string archive; // the folder as .tar.gz
  data::FerImages expected;  // what every reader must return (folder order: sorted by path)
};

// Writes the fixtures into `dir` from the first `rows` rows of the sample CSV: rows with index % 5 == 3 become
// PublicTest, % 5 == 4 PrivateTest, the others Training. Requires the fer2013 data set.
FerFixture make_fer_fixture(const std::string& dir, int rows);

}  // namespace emorec::test

// FER2013's CSV (emotion,pixels,Usage).
#include "data/fer/fer2013.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = emorec::fuzz::write_file("fer2013.csv", std::string(reinterpret_cast<const char*>(data), size));
  emorec::fuzz::expect_clean([&] { emorec::data::read_fer_csv(path); });
  return 0;
}

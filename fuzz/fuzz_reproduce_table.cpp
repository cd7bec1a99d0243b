// A reproduction table file (configs/tables/*.yaml, run/reproduce_table).
#include "fuzz_util.h"
#include "run/reproduce_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  emorec::fuzz::expect_clean([&] { emorec::run::parse_table(yaml, "fuzz.yaml"); });
  return 0;
}

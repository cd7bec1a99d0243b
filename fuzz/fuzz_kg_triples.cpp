// A knowledge graph's triple file (head<TAB>relation<TAB>tail), as KGCN's and MKGCN's releases have it, with
// three item entities known beforehand.
#include "data/kg_triples.h"
#include "data/text_table.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto path = emorec::fuzz::write_file("kg.txt", std::string(reinterpret_cast<const char*>(data), size));
  emorec::data::TsvOptions options;
  options.columns = 3;
  emorec::fuzz::expect_clean([&] { emorec::data::read_kg_triples(path, {{"0", 0}, {"1", 1}, {"7", 2}}, options); });
  return 0;
}

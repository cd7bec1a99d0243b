// A modality file (item ID, then features; data.modalities), for three known items, under each policy for a
// missing item.
#include "data/modality.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto missing = data[0] % 3 == 0   ? emorec::data::MissingModality::kZeros
                       : data[0] % 3 == 1 ? emorec::data::MissingModality::kMean
                                          : emorec::data::MissingModality::kError;
  const auto path =
      emorec::fuzz::write_file("modality.tsv", std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  const std::unordered_map<std::string, int64_t> items{{"a1", 0}, {"0123456789abcdef", 1}, {"42", 2}};
  emorec::fuzz::expect_clean([&] {
    auto table = emorec::data::read_modality_file(path, items, missing);
    emorec::data::fill_missing_with_mean(table);
  });
  return 0;
}

// A hand-given emotion, as `--emotion`/`--probs` and the server's `emotion`/`probs` fields take it: piece 1 a
// name, piece 2 seven probabilities as text.
#include "app/emotion_input.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = emorec::fuzz::split_input(data, size, 2);
  emorec::fuzz::expect_clean([&] { emorec::app::emotion_one_hot(parts[0]); });
  emorec::fuzz::expect_clean([&] { emorec::app::parse_probabilities(parts[1]); });
  return 0;
}

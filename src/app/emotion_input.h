// An emotion given by hand: a FER class name (one-hot) or seven probabilities as text. Shared by `emorec
// recommend --emotion/--probs` and the server's `emotion`/`probs` fields; ConfigError says what was expected
// (the caller names the option or field).
#pragma once
#include <array>
#include <string>

namespace emorec::app {

// One-hot probabilities of `name` (angry, disgust, fear, happy, sad, surprise, neutral).
std::array<double, 7> emotion_one_hot(const std::string& name);

// "p1,...,p7": seven non-negative finite numbers summing to 1 (within 1e-3), FER order.
std::array<double, 7> parse_probabilities(const std::string& text);

}  // namespace emorec::app

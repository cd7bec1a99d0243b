// The trainable data sets as the config reader's choice of data.dataset: each with its loader's own keys
// (data/loader_options.h), its kind as family, and the checks across sections (the image data sets' crops,
// train.l2_weight). No LibTorch.
#pragma once
#include "config/component.h"

namespace emorec::data {

config::ChoiceSet dataset_choices();

}  // namespace emorec::data

// The trainable data sets as the config reader's choice of data.dataset: each with its loader's own keys
// (data/kg_data_config.h, data/fer/image_data_config.h, data/tracks/tracks_dataset.h), its kind as family, and the image data sets' crop
// check.
#pragma once
#include "config/component.h"

namespace emorec::data {

config::ChoiceSet dataset_choices();

}  // namespace emorec::data

// The data keys of the image data sets (fer2013), chosen by data.dataset (they sit beside it), and the
// checks across sections that only an image data set can make: crops of data.input_size.
#pragma once
#include <cstdint>
#include <string>

#include "config/experiment.h"

namespace emorec::data {

struct ImageDataConfig {
  std::string path;          // file or folder in the data set's folder; empty: its default file
  std::string cache_dir;     // empty: $EMOREC_CACHE, else .cache/emorec
  int64_t train_subset = 0;  // > 0: train on a seeded random subset of this many images
  int64_t input_size = 48;   // side of the square crops the network sees
  double pixel_mean = 0.0;   // normalisation after scaling pixels to [0, 1]
  double pixel_std = 1.0;
  void visit(config::ConfigVisitor& v);
};

// The image keys of an experiment on an image data set (std::logic_error for any other data set).
const ImageDataConfig& image_data_config(const config::DataConfig& data);

// augment.crop five or ten, and eval.ten_crop, take crops smaller than the 48x48 image: they need
// data.input_size below 48. Rejects through `v` at the experiment's top level.
void check_image_crops(const config::ExperimentConfig& experiment, config::ConfigVisitor& v);

}  // namespace emorec::data

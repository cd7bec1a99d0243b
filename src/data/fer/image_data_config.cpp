// Fields, defaults and rules of the image data sets' keys.
#include "data/fer/image_data_config.h"

namespace emorec::data {

using config::IntRule;
using config::NumberRule;
using config::StringRule;

void ImageDataConfig::visit(config::ConfigVisitor& v) {
  v.field("path", path, StringRule::any(),
          "file or folder to read, relative to the data set's folder or absolute (fer2013: the image archive "
          ".tar.gz, an extracted image folder, or a fer2013.csv); empty: the data set's default file");
  v.field("cache_dir", cache_dir, StringRule::any(),
          "where decoded images are cached; empty: $EMOREC_CACHE if set, else .cache/emorec");
  v.field("train_subset", train_subset, IntRule::range(0, 1 << 30),
          "if > 0, train on a seeded random subset of this many training images (smoke tests)");
  v.field("input_size", input_size, IntRule::range(8, 48),
          "side of the square crops the network sees; below 48, crops are taken as augment.crop says in training "
          "and from the centre (or ten crops, eval.ten_crop) in evaluation");
  v.field("pixel_mean", pixel_mean, NumberRule::range(-1, 1), "subtracted after pixels are scaled to [0, 1]");
  v.field("pixel_std", pixel_std, NumberRule::range(1e-3, 10), "divides after pixel_mean is subtracted");
}

const ImageDataConfig& image_data_config(const config::DataConfig& data) {
  return data.options.as<ImageDataConfig>();
}

void check_image_crops(const config::ExperimentConfig& experiment, config::ConfigVisitor& v) {
  const int64_t input_size = image_data_config(experiment.data).input_size;
  if (experiment.eval.ten_crop && input_size >= 48) {
    v.reject("eval", "ten_crop needs data.input_size below 48 (the crops are taken from the 48x48 image)");
  }
  const std::string& crop = experiment.augment.crop;
  if ((crop == "five" || crop == "ten") && input_size >= 48) {
    v.reject("augment", "crop: " + crop + " needs data.input_size below 48");
  }
}

}  // namespace emorec::data

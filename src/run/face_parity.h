// Does detection plus the shared crop keep a FER model's accuracy? Every image of a FER2013 split is pasted,
// enlarged to a random side and at a random position, into a real photo with no face of its own; the detector
// finds the faces of the composite, the largest goes through the crop the training images went through
// (image::crop_face, at each margin asked for) and the model classifies it. Beside it: the model on the cached
// 48x48 pixels (what evaluation sees) and on the crop of the pasted box itself (the enlarging and shrinking
// alone, no detector). `emorec faces parity`; experiments/RESULTS.md has the measurement.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "run/predict_emotion.h"

namespace emorec::run {

struct ParityOptions {
  std::string split = "eval";                          // eval: PublicTest (chooses); test: PrivateTest (reports)
  std::vector<double> margins{0.0, 0.1, 0.2, 0.3, 0.4};
  int min_face = 96;           // smallest pasted side, pixels (dlib's HOG finds faces from ~80 px at upsample 0)
  double max_fraction = 0.6;   // largest pasted side, as a fraction of the background's shorter side
  int64_t limit = 0;           // a seeded sample of `limit` images of the split; 0: all
  uint64_t seed = 1;
};

struct ParityMargin {
  double margin = 0;
  int64_t correct = 0;              // over every image; an image without a detected face counts as wrong
  int64_t correct_on_detected = 0;  // over the images with a face detected
};

struct ParityResult {
  std::string split;
  int64_t images = 0;
  int64_t detected = 0;             // a face found in the composite
  int64_t on_target = 0;            // ... whose largest face overlaps the pasted square at IoU >= 0.3
  int64_t cached_correct = 0;       // the model on the cached pixels, every image
  int64_t cached_correct_on_detected = 0;
  int64_t pasted_box_correct = 0;   // the crop of the pasted square itself (margin 0): resampling alone
  double median_iou = 0;            // of the largest face with the pasted square, over the detected images
  std::vector<ParityMargin> margins;
  std::vector<std::string> backgrounds;          // used
  std::vector<std::string> skipped_backgrounds;  // the detector finds a face in them: not used
  double seconds = 0;
};

// `backgrounds`: photo files (any size; each is used at its own size). ConfigError for an unknown split or no
// usable background, DataError for unreadable files.
ParityResult measure_parity(const std::string& fer_run, const std::vector<std::string>& backgrounds,
                            const FaceOptions& faces, const ParityOptions& options);

}  // namespace emorec::run

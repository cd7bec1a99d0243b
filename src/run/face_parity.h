// Does detection plus the shared crop keep a FER model's accuracy? Every image of a FER2013 split is pasted,
// enlarged to a random side and at a random position, into a real photo with no face of its own; the detector
// finds the faces of the composite, the largest goes through the crop the training images went through
// (run::model_crop: the box as it is or framed as FER2013 frames a face, at each margin asked for) and the
// model classifies it. Beside it: the model on the cached 48x48 pixels (what evaluation sees) and on the crop
// of the pasted square itself (the enlarging and shrinking alone, no detector). The same composites, made of
// Training images, fit each detector's framing (the pasted square is FER2013's framing of the face).
// `emorec faces parity` and `emorec faces fit-framing`; experiments/RESULTS.md has the measurements.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "image/face_crop.h"
#include "run/predict_emotion.h"

namespace emorec::run {

struct CompositeOptions {
  std::string split = "eval";  // train: Training (fits); eval: PublicTest (chooses); test: PrivateTest (reports)
  int min_face = 96;           // smallest pasted side, pixels (dlib's HOG finds faces from ~80 px at upsample 0)
  double max_fraction = 0.6;   // largest pasted side, as a fraction of the background's shorter side
  int64_t limit = 0;           // a seeded sample of `limit` images of the split; 0: all
  uint64_t seed = 1;
};

struct ParityOptions {
  CompositeOptions composites;
  std::vector<double> margins{0.0, 0.1, 0.2, 0.3, 0.4};
  std::vector<std::string> framings{"box", "fitted"};
};

struct ParityCrop {
  std::string framing;
  double margin = 0;
  int64_t correct = 0;              // over every image; an image without a detected face counts as wrong
  int64_t correct_on_detected = 0;  // over the images with a face detected
  double median_iou = 0;            // of the framed square (before the margin) with the pasted one, detected
};

struct ParityResult {
  std::string split;
  int64_t images = 0;
  int64_t detected = 0;             // a face found in the composite
  int64_t on_target = 0;            // ... whose largest face's box overlaps the pasted square at IoU >= 0.3
  int64_t cached_correct = 0;       // the model on the cached pixels, every image
  int64_t cached_correct_on_detected = 0;
  int64_t pasted_box_correct = 0;   // the crop of the pasted square itself (margin 0): resampling alone
  std::vector<ParityCrop> crops;    // per framing, then per margin
  std::vector<std::string> backgrounds;          // used
  std::vector<std::string> skipped_backgrounds;  // the detector finds a face in them: not used
  double seconds = 0;
};

// `backgrounds`: photo files (any size; each is used at its own size). ConfigError for an unknown split, an
// unknown framing or no usable background, DataError for unreadable files.
ParityResult measure_parity(const std::string& fer_run, const std::vector<std::string>& backgrounds,
                            const FaceOptions& faces, const ParityOptions& options);

struct FramingFit {
  image::Framing framing;           // medians over the boxes on target
  int64_t images = 0, detected = 0, on_target = 0;
  double median_iou_box = 0;        // of the detector's box with the pasted square, on target
  double median_iou_framed = 0;     // of the fitted framing's square with it, on target
  std::vector<std::string> backgrounds, skipped_backgrounds;
  double seconds = 0;
};

// Fits the detector's framing on composites of `options.split` (train, unless asked otherwise): the median of
// the pasted square's side over the box's longer side, and of the centres' offsets over the box's width and
// height, over the composites whose largest face overlaps the pasted square at IoU >= 0.3. The model of
// `fer_run` is not used; its config names the data.
FramingFit fit_framing(const std::string& fer_run, const std::vector<std::string>& backgrounds,
                       const FaceOptions& faces, const CompositeOptions& options);

}  // namespace emorec::run

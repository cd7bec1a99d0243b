// The one face crop that training data and inference share: a box (from a face detector, or the image's
// largest centred square for photos that are already face crops, as FER2013's are) grown by a margin, made
// square around its centre, kept inside the image, and resized to size x size grey pixels.
#pragma once
#include "image/gray_image.h"

namespace emorec::image {

// A rectangle in pixel coordinates (x, y: top-left corner).
struct Box {
  int x = 0, y = 0, width = 0, height = 0;
  long long area() const { return static_cast<long long>(width) * height; }
};

// How a face detector's box relates to FER2013's framing of a face (its 48x48 crops show more forehead and chin
// than most detectors' boxes): the framed square's centre is the box's centre moved by (shift_x * width,
// shift_y * height), its side scale * max(width, height). Each detector has its own, fitted on FER2013 Training
// images pasted into real photos (`emorec faces fit-framing`, experiments/RESULTS.md); the identity leaves
// the box as it is.
struct Framing {
  double scale = 1.0, shift_x = 0.0, shift_y = 0.0;
};

// The square `framing` makes of `box` (it may reach past the image: crop_face keeps the crop inside).
Box frame_box(const Box& box, const Framing& framing);

// The largest square centred in the image.
Box centred_square(const GrayImage& image);

// The square around `box`'s centre with side max(width, height) * (1 + 2 * margin), shrunk to fit the image
// if larger and shifted inside it, resized to size x size (area averaging when shrinking, bilinear when
// enlarging). Throws DataError for an empty image or box.
GrayImage crop_face(const GrayImage& image, const Box& box, double margin, int size);

}  // namespace emorec::image

#include "cli/face_options.h"

namespace emorec::cli {

void add_face_options(CLI::App* sub, run::FaceOptions* o) {
  sub->add_option("--detector", o->detector,
                  "face detector, of those this build has (dlib-hog by default; none: the whole image is the "
                  "face)")
      ->check(CLI::IsMember(face::face_detectors().names()));
  sub->add_option("--framing", o->framing,
                  "fitted: the detector's box framed as FER2013 frames a face (default); box: the box as it is")
      ->check(CLI::IsMember({"fitted", "box"}));
  sub->add_option_function<double>(
         "--margin", [o](const double& m) { o->margin = m; },
         "margin around the (framed) face, as a fraction of its side, before the square crop (negative: "
         "tighter); default: the detector's, chosen with its fitted framing (dlib-hog -0.05), 0 for "
         "--framing box")
      ->check(CLI::Range(-0.25, 2.0));
  sub->add_option(
         "--upsample", o->detection.upsample,
         "image doublings before detection (finds smaller faces, slower); -1: the detector's default")
      ->check(CLI::Range(-1, 3));
  sub->add_option("--max-side", o->max_side, "detect on the photo scaled to at most this longer side")
      ->check(CLI::Range(64, 16384));
  sub->add_option("--max-pixels", o->max_pixels, "refuse photos larger than this many pixels")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 32));
}

}  // namespace emorec::cli

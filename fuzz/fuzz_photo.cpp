// An uploaded photo: decoding (JPEG, PNG, BMP, GIF...; EXIF orientation), the pixel limit, then the shared face
// crop of a box drawn from the last bytes, framed and with a margin, as the server and the CLI do.
#include "fuzz_util.h"
#include "image/face_crop.h"
#include "image/photo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  emorec::fuzz::expect_clean([&] {
    const auto photo = emorec::image::decode_photo(data, size, "fuzz", 4'000'000);
    const uint8_t a = size > 0 ? data[size - 1] : 0, b = size > 1 ? data[size - 2] : 0;
    const emorec::image::Box box{a % std::max(1, photo.width), b % std::max(1, photo.height), 1 + a, 1 + b};
    emorec::image::crop_face(photo, emorec::image::frame_box(box, {1.167, 0.0, -0.073}), 0.1 * (a % 4), 48);
    emorec::image::crop_face(photo, emorec::image::centred_square(photo), 0.0, 48);
  });
  return 0;
}

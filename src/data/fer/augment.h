// Image batches for the FER networks: scaling and normalisation, training-time augmentation and evaluation
// crops. Every function works on batched tensors on whatever device they live on (CUDA: on the GPU, in
// batches; CPU: LibTorch's parallel kernels), and every random choice is drawn up front from one seeded
// stream, so a batch's augmentation is the same on every device.
#pragma once
#include <torch/torch.h>

#include "config/experiment.h"
#include "core/rng.h"
#include "data/fer/image_data_config.h"

namespace emorec::data {

// uint8 [B, 48, 48] -> float [B, 1, 48, 48] in [0, 1].
torch::Tensor to_unit(const torch::Tensor& images);
// (x - pixel_mean) / pixel_std.
torch::Tensor normalize(const torch::Tensor& x, const ImageDataConfig& data);

// The training view of uint8 [B, 48, 48] images: geometric augmentation (resized crop, padding shift,
// translation, rotation) in one affine resampling, brightness/contrast jitter, horizontal flip, the crop
// to data.input_size (augment.crop), normalisation, then random erasing (of each crop). Returns float
// [B * crops, 1, S, S], crops = 5 or 10 for augment.crop five or ten (grouped per image) and 1 otherwise.
torch::Tensor augment_batch(const torch::Tensor& images, const config::AugmentConfig& augment,
                            const ImageDataConfig& data, Rng& rng);
int64_t train_crops(const config::AugmentConfig& augment);

// The evaluation view: normalised centre crops of data.input_size, or with `ten_crop` the four corner crops
// and the centre crop of the image and of its mirror image (torchvision TenCrop order), grouped per image:
// [B * crops, 1, S, S].
torch::Tensor eval_batch(const torch::Tensor& images, const ImageDataConfig& data, bool ten_crop);
inline int64_t eval_crops(bool ten_crop) { return ten_crop ? 10 : 1; }

// Crops of side `size` from float [B, 1, H, W] at per-image offsets (int64 [B] tensors on any device).
torch::Tensor crop_at(const torch::Tensor& x, const torch::Tensor& top, const torch::Tensor& left, int64_t size);
// The five crops (top-left, top-right, bottom-left, bottom-right, centre) of every image: [B * 5, 1, S, S].
torch::Tensor five_crop(const torch::Tensor& x, int64_t size);
// The five crops of every image, then the five of its mirror image: [B * 10, 1, S, S].
torch::Tensor ten_crop(const torch::Tensor& x, int64_t size);

}  // namespace emorec::data

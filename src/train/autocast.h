// Scoped automatic mixed precision: forward passes inside run under autocast to the chosen dtype.
#pragma once
#include <ATen/autocast_mode.h>
#include <torch/torch.h>

namespace emorec::train {

class AutocastGuard {
 public:
  // `enabled` false makes this a no-op.
  AutocastGuard(torch::Device device, bool enabled, at::ScalarType dtype = at::kBFloat16)
      : type_(device.type()), enabled_(enabled) {
    if (!enabled_) return;
    was_enabled_ = at::autocast::is_autocast_enabled(type_);
    was_dtype_ = at::autocast::get_autocast_dtype(type_);
    at::autocast::set_autocast_enabled(type_, true);
    at::autocast::set_autocast_dtype(type_, dtype);
    at::autocast::increment_nesting();
  }
  ~AutocastGuard() {
    if (!enabled_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_autocast_enabled(type_, was_enabled_);
    at::autocast::set_autocast_dtype(type_, was_dtype_);
  }
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  at::DeviceType type_;
  bool enabled_;
  bool was_enabled_ = false;
  at::ScalarType was_dtype_ = at::kBFloat16;
};

}  // namespace emorec::train

// Builds without CUDA: asking for NCCL is a configuration error.
#include "dist/backends.h"

#include "core/error.h"

namespace emorec::dist {

c10::intrusive_ptr<c10d::Backend> make_nccl_backend(const c10::intrusive_ptr<c10d::Store>&, int, int,
                                                    std::chrono::milliseconds) {
  throw ConfigError("train.distributed.backend: nccl needs a build with CUDA (this one has none); use gloo");
}

bool nccl_available() { return false; }

}  // namespace emorec::dist

// NCCL through c10d (CUDA builds): the NCCL inside libtorch_cuda.so, nccl.h from the CUDA toolkit.
#include "dist/backends.h"

#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>

namespace emorec::dist {

c10::intrusive_ptr<c10d::Backend> make_nccl_backend(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                                    std::chrono::milliseconds timeout) {
  auto options = c10d::ProcessGroupNCCL::Options::create();
  options->timeout = timeout;
  return c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, size, options);
}

bool nccl_available() { return true; }

}  // namespace emorec::dist

// The CUDA csr_spmm of backend.h: kernels/cuda/csr_spmm.h (cusparseSpMM, 64-bit indices, row-major dense
// operands, float32 compute for every storage type) on LibTorch's cuSPARSE handle and current stream.
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>

#include "cuda/csr_spmm.h"
#include "ops/backend.h"

namespace emorec::ops::cuda {
namespace {

void check(const kernels::cuda::CsrSpmmStatus& s) {
  TORCH_CHECK(s.ok(), "emorec::csr_spmm: ", s.call, " failed: ", cusparseGetErrorString(s.status));
}

cudaDataType data_type(const torch::Tensor& t) {
  switch (t.scalar_type()) {
    case torch::kFloat: return CUDA_R_32F;
    case torch::kHalf: return CUDA_R_16F;
    case torch::kBFloat16: return CUDA_R_16BF;
    default: TORCH_CHECK(false, "emorec::csr_spmm: unsupported dtype on CUDA ", t.scalar_type());
  }
}

}  // namespace

void csr_spmm(const torch::Tensor& rowptr, const torch::Tensor& col, const torch::Tensor& values,
              const torch::Tensor& x, bool transpose, torch::Tensor& result) {
  const c10::cuda::CUDAGuard guard(x.device());
  kernels::cuda::CsrSpmmProblem p;
  p.rows = rowptr.numel() - 1, p.nnz = col.numel(), p.dim = x.size(1);
  p.cols = transpose ? result.size(0) : x.size(0);
  p.transpose = transpose;
  p.type = data_type(x);
  p.rowptr = rowptr.data_ptr<int64_t>(), p.col = col.data_ptr<int64_t>();
  p.values = values.data_ptr(), p.x = x.data_ptr(), p.out = result.data_ptr();
  // LibTorch's handle is bound to the current stream.
  const kernels::cuda::CsrSpmm spmm(at::cuda::getCurrentCUDASparseHandle(), p);
  size_t bytes = 0;
  check(spmm.workspace_bytes(&bytes));
  auto workspace = torch::empty({static_cast<int64_t>(bytes)}, x.options().dtype(torch::kByte));
  check(spmm.run(workspace.data_ptr()));
}

}  // namespace emorec::ops::cuda

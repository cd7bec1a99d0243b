// The CUDA csr_spmm of backend.h: cusparseSpMM on LibTorch's cuSPARSE handle and current stream, 64-bit
// indices, row-major dense operands, float32 compute for every storage type.
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <cusparse.h>

#include "ops/backend.h"

namespace emorec::ops::cuda {
namespace {

void check(cusparseStatus_t status, const char* call) {
  TORCH_CHECK(status == CUSPARSE_STATUS_SUCCESS, "emorec::csr_spmm: ", call, " failed: ", cusparseGetErrorString(status));
}

cudaDataType data_type(const torch::Tensor& t) {
  switch (t.scalar_type()) {
    case torch::kFloat: return CUDA_R_32F;
    case torch::kHalf: return CUDA_R_16F;
    case torch::kBFloat16: return CUDA_R_16BF;
    default: TORCH_CHECK(false, "emorec::csr_spmm: unsupported dtype on CUDA ", t.scalar_type());
  }
}

// The three descriptors of one product, destroyed on every exit path.
struct Descriptors {
  cusparseSpMatDescr_t a = nullptr;
  cusparseDnMatDescr_t b = nullptr, c = nullptr;
  ~Descriptors() {
    if (a) cusparseDestroySpMat(a);
    if (b) cusparseDestroyDnMat(b);
    if (c) cusparseDestroyDnMat(c);
  }
};

}  // namespace

void csr_spmm(const torch::Tensor& rowptr, const torch::Tensor& col, const torch::Tensor& values,
              const torch::Tensor& x, bool transpose, torch::Tensor& result) {
  const c10::cuda::CUDAGuard guard(x.device());
  const int64_t rows = rowptr.numel() - 1, nnz = col.numel(), dim = x.size(1);
  const int64_t cols = transpose ? result.size(0) : x.size(0);
  const auto type = data_type(x);
  cusparseHandle_t handle = at::cuda::getCurrentCUDASparseHandle();  // bound to the current stream
  Descriptors desc;
  check(cusparseCreateCsr(&desc.a, rows, cols, nnz, rowptr.data_ptr(), col.data_ptr(), values.data_ptr(),
                          CUSPARSE_INDEX_64I, CUSPARSE_INDEX_64I, CUSPARSE_INDEX_BASE_ZERO, type),
        "cusparseCreateCsr");
  check(cusparseCreateDnMat(&desc.b, x.size(0), dim, dim, x.data_ptr(), type, CUSPARSE_ORDER_ROW), "cusparseCreateDnMat");
  check(cusparseCreateDnMat(&desc.c, result.size(0), dim, dim, result.data_ptr(), type, CUSPARSE_ORDER_ROW),
        "cusparseCreateDnMat");
  const float alpha = 1.f, beta = 0.f;
  const auto op = transpose ? CUSPARSE_OPERATION_TRANSPOSE : CUSPARSE_OPERATION_NON_TRANSPOSE;
  size_t bytes = 0;
  check(cusparseSpMM_bufferSize(handle, op, CUSPARSE_OPERATION_NON_TRANSPOSE, &alpha, desc.a, desc.b, &beta, desc.c, CUDA_R_32F,
                                CUSPARSE_SPMM_ALG_DEFAULT, &bytes),
        "cusparseSpMM_bufferSize");
  auto workspace = torch::empty({static_cast<int64_t>(bytes)}, x.options().dtype(torch::kByte));
  check(cusparseSpMM(handle, op, CUSPARSE_OPERATION_NON_TRANSPOSE, &alpha, desc.a, desc.b, &beta, desc.c, CUDA_R_32F,
                     CUSPARSE_SPMM_ALG_DEFAULT, workspace.data_ptr()),
        "cusparseSpMM");
}

}  // namespace emorec::ops::cuda

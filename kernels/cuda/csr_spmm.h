// The CSR x dense product through cuSPARSE (cusparseSpMM), as EmoRec's csr_spmm operator runs it: 64-bit
// indices, row-major dense operands, float32 compute for every storage type (float, half, bfloat16), beta 0.
// Raw device pointers and no LibTorch, so the operator (src/ops/cuda/csr_spmm_cusparse.cpp) and the kernel
// lab (kernels/lab/csr_spmm_lab.cu) run the same calls.
//   transpose false: out [rows, dim] = A x, x [cols, dim]
//   transpose true : out [cols, dim] = A^T x, x [rows, dim]
// with A [rows, cols] given by rowptr [rows + 1], col [nnz] and values [nnz].
#pragma once
#include <cuda_runtime.h>
#include <cusparse.h>

#include <cstddef>
#include <cstdint>

namespace emorec::kernels::cuda {

struct CsrSpmmProblem {
  int64_t rows = 0, cols = 0, nnz = 0, dim = 0;
  bool transpose = false;
  cudaDataType type = CUDA_R_32F;  // of values, x and out: CUDA_R_32F, CUDA_R_16F or CUDA_R_16BF
  const int64_t* rowptr = nullptr;
  const int64_t* col = nullptr;
  const void* values = nullptr;
  const void* x = nullptr;
  void* out = nullptr;
};

// A cuSPARSE status and the call that returned it.
struct CsrSpmmStatus {
  cusparseStatus_t status = CUSPARSE_STATUS_SUCCESS;
  const char* call = "";
  bool ok() const { return status == CUSPARSE_STATUS_SUCCESS; }
};

// One product's descriptors (created by the constructor, destroyed with it): ask for the workspace size,
// then run on the handle's stream.
class CsrSpmm {
 public:
  CsrSpmm(cusparseHandle_t handle, const CsrSpmmProblem& problem);
  ~CsrSpmm();
  CsrSpmm(const CsrSpmm&) = delete;
  CsrSpmm& operator=(const CsrSpmm&) = delete;

  CsrSpmmStatus status() const { return status_; }  // of the descriptors' creation
  CsrSpmmStatus workspace_bytes(size_t* bytes) const;
  CsrSpmmStatus run(void* workspace) const;

 private:
  cusparseHandle_t handle_;
  cusparseOperation_t op_;
  cusparseSpMatDescr_t a_ = nullptr;
  cusparseDnMatDescr_t x_ = nullptr, out_ = nullptr;
  CsrSpmmStatus status_;
};

}  // namespace emorec::kernels::cuda

#include "cuda/csr_spmm.h"

namespace emorec::kernels::cuda {
namespace {

const float kAlpha = 1.f, kBeta = 0.f;

}  // namespace

CsrSpmm::CsrSpmm(cusparseHandle_t handle, const CsrSpmmProblem& p)
    : handle_(handle), op_(p.transpose ? CUSPARSE_OPERATION_TRANSPOSE : CUSPARSE_OPERATION_NON_TRANSPOSE) {
  const int64_t x_rows = p.transpose ? p.rows : p.cols, out_rows = p.transpose ? p.cols : p.rows;
  // cuSPARSE's descriptors take non-const pointers; it only reads A and x.
  status_ = {cusparseCreateCsr(&a_, p.rows, p.cols, p.nnz, const_cast<int64_t*>(p.rowptr),
                               const_cast<int64_t*>(p.col), const_cast<void*>(p.values), CUSPARSE_INDEX_64I,
                               CUSPARSE_INDEX_64I, CUSPARSE_INDEX_BASE_ZERO, p.type),
             "cusparseCreateCsr"};
  if (!status_.ok()) return;
  status_ = {
      cusparseCreateDnMat(&x_, x_rows, p.dim, p.dim, const_cast<void*>(p.x), p.type, CUSPARSE_ORDER_ROW),
      "cusparseCreateDnMat (x)"};
  if (!status_.ok()) return;
  status_ = {cusparseCreateDnMat(&out_, out_rows, p.dim, p.dim, p.out, p.type, CUSPARSE_ORDER_ROW),
             "cusparseCreateDnMat (out)"};
}

CsrSpmm::~CsrSpmm() {
  if (a_) cusparseDestroySpMat(a_);
  if (x_) cusparseDestroyDnMat(x_);
  if (out_) cusparseDestroyDnMat(out_);
}

CsrSpmmStatus CsrSpmm::workspace_bytes(size_t* bytes) const {
  if (!status_.ok()) return status_;
  return {cusparseSpMM_bufferSize(handle_, op_, CUSPARSE_OPERATION_NON_TRANSPOSE, &kAlpha, a_, x_, &kBeta,
                                  out_, CUDA_R_32F, CUSPARSE_SPMM_ALG_DEFAULT, bytes),
          "cusparseSpMM_bufferSize"};
}

CsrSpmmStatus CsrSpmm::run(void* workspace) const {
  if (!status_.ok()) return status_;
  return {cusparseSpMM(handle_, op_, CUSPARSE_OPERATION_NON_TRANSPOSE, &kAlpha, a_, x_, &kBeta, out_,
                       CUDA_R_32F, CUSPARSE_SPMM_ALG_DEFAULT, workspace),
          "cusparseSpMM"};
}

}  // namespace emorec::kernels::cuda

// CSR sparse x dense products on the CPU: A x split by rows; A^T x split by feature columns, so that every
// output element has one writer.
#include <ATen/Parallel.h>

#include "ops/backend.h"

namespace emorec::ops::cpu {

void csr_spmm(const torch::Tensor& rowptr, const torch::Tensor& col, const torch::Tensor& values,
              const torch::Tensor& x, bool transpose, torch::Tensor& out) {
  const int64_t rows = rowptr.numel() - 1, dim = x.size(1);
  const int64_t* ptr = rowptr.data_ptr<int64_t>();
  const int64_t* cols = col.data_ptr<int64_t>();
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "csr_spmm_cpu", [&] {
    const scalar_t* val = values.data_ptr<scalar_t>();
    const scalar_t* in = x.data_ptr<scalar_t>();
    scalar_t* o = out.data_ptr<scalar_t>();
    if (!transpose) {
      at::parallel_for(0, rows, 64, [&](int64_t begin, int64_t end) {
        for (int64_t n = begin; n < end; ++n) {
          scalar_t* dst = o + n * dim;
          for (int64_t e = ptr[n]; e < ptr[n + 1]; ++e) {
            const scalar_t* src = in + cols[e] * dim;
            for (int64_t i = 0; i < dim; ++i) dst[i] += val[e] * src[i];
          }
        }
      });
      return;
    }
    at::parallel_for(0, dim, 4, [&](int64_t begin, int64_t end) {
      for (int64_t n = 0; n < rows; ++n) {
        const scalar_t* src = in + n * dim;
        for (int64_t e = ptr[n]; e < ptr[n + 1]; ++e) {
          scalar_t* dst = o + cols[e] * dim;
          for (int64_t i = begin; i < end; ++i) dst[i] += val[e] * src[i];
        }
      }
    });
  });
}

}  // namespace emorec::ops::cpu

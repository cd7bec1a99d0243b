#include "train/fused_adam.h"

#include <map>
#include <memory>
#include <tuple>

#include "core/error.h"

namespace emorec::train {
namespace {

// The tensors of one _fused_adam_ call: parameters of one device and dtype.
struct Bucket {
  std::vector<torch::Tensor> params, grads, exp_avgs, exp_avg_sqs, steps;
};

}  // namespace

torch::Tensor FusedAdam::step(LossClosure closure) {
  if (closure) throw RunError("FusedAdam::step: a loss closure is not supported");
  torch::NoGradGuard no_grad;
  for (auto& group : param_groups()) {
    const auto& o = static_cast<const torch::optim::AdamOptions&>(group.options());
    if (o.amsgrad()) throw RunError("FusedAdam: amsgrad is not supported");
    std::map<std::tuple<int, int, int>, Bucket> buckets;  // (device type, device index, dtype)
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      if (p.grad().is_sparse()) throw RunError("FusedAdam: sparse gradients are not supported");
      auto& slot = state()[p.unsafeGetTensorImpl()];
      if (!slot) {
        auto fresh = std::make_unique<torch::optim::AdamParamState>();
        fresh->step(0);
        fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        slot = std::move(fresh);
      }
      auto& st = static_cast<torch::optim::AdamParamState&>(*slot);
      st.step(st.step() + 1);
      auto& b = buckets[{static_cast<int>(p.device().type()), p.device().index(), static_cast<int>(p.scalar_type())}];
      b.params.push_back(p);
      b.grads.push_back(p.grad());
      b.exp_avgs.push_back(st.exp_avg());
      b.exp_avg_sqs.push_back(st.exp_avg_sq());
      // The kernel reads the (already incremented) step from a float tensor on the parameter's device.
      b.steps.push_back(torch::full({}, static_cast<double>(st.step()), p.options().dtype(torch::kFloat)));
    }
    for (auto& [key, b] : buckets) {
      at::_fused_adam_(b.params, b.grads, b.exp_avgs, b.exp_avg_sqs, /*max_exp_avg_sqs=*/{}, b.steps, o.lr(),
                       std::get<0>(o.betas()), std::get<1>(o.betas()), o.weight_decay(), o.eps(),
                       /*amsgrad=*/false, /*maximize=*/false);
    }
  }
  return {};
}

}  // namespace emorec::train

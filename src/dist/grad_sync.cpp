// Bucketed gradient all-reduce with optional overlap through leaf-gradient hooks.
#include "dist/grad_sync.h"

#include <map>

#include "core/error.h"

namespace emorec::dist {

GradientSync::GradientSync(World& world, std::vector<torch::Tensor> params, double bucket_mb, bool overlap)
    : world_(world), overlap_(overlap) {
  if (!world_.distributed()) return;
  const auto limit = static_cast<int64_t>(bucket_mb * 1024 * 1024);
  // Backward produces the last layers' gradients first: buckets are filled from the last parameter back.
  std::vector<torch::Tensor> order;
  for (auto& p : params) {
    if (p.requires_grad()) order.push_back(p);
  }
  std::reverse(order.begin(), order.end());
  std::vector<std::vector<int64_t>> members(1);
  int64_t bytes = 0;
  for (auto& p : order) {
    if (!p.is_floating_point()) throw RunError("data-parallel training: a trainable parameter is not floating point");
    const int64_t b = p.numel() * static_cast<int64_t>(p.element_size());
    const bool same_kind =
        members.back().empty() || (slots_[static_cast<size_t>(members.back().front())].param.dtype() == p.dtype() &&
                                   slots_[static_cast<size_t>(members.back().front())].param.device() == p.device());
    if (!members.back().empty() && (bytes + b > limit || !same_kind)) members.emplace_back(), bytes = 0;
    Slot s;
    s.param = p;
    s.numel = p.numel();
    members.back().push_back(static_cast<int64_t>(slots_.size()));
    slots_.push_back(s);
    bytes += b;
  }
  if (members.back().empty()) members.pop_back();
  for (auto& m : members) {
    Bucket bucket;
    int64_t offset = 0;
    for (const int64_t i : m) {
      auto& s = slots_[static_cast<size_t>(i)];
      s.bucket = static_cast<int64_t>(buckets_.size());
      s.offset = offset;
      offset += s.numel;
    }
    for (const int64_t i : m) slots_[static_cast<size_t>(i)].flag = offset++;
    const auto& first = slots_[static_cast<size_t>(m.front())].param;
    bucket.buffer = torch::zeros({offset}, first.options().requires_grad(false));
    bucket.slots = m;
    buckets_.push_back(std::move(bucket));
  }
  if (overlap_) {
    for (size_t i = 0; i < slots_.size(); ++i) {
      auto& s = slots_[i];
      s.hook = s.param.register_hook([this, i](const torch::Tensor& grad) {
        if (active_) on_gradient(static_cast<int64_t>(i), grad);
      });
      s.hooked = true;
    }
  }
}

GradientSync::~GradientSync() {
  for (auto& s : slots_) {
    if (s.hooked) s.param.remove_hook(s.hook);
  }
}

void GradientSync::begin(double share) {
  if (!world_.distributed()) return;
  share_ = share;
  for (auto& b : buckets_) {
    b.pending = static_cast<int64_t>(b.slots.size());
    b.buffer.zero_();
    b.work.reset();
  }
  for (auto& s : slots_) s.ready = false;
  next_launch_ = 0;
  active_ = true;
}

void GradientSync::on_gradient(int64_t slot, const torch::Tensor& grad) {
  auto& s = slots_[static_cast<size_t>(slot)];
  auto& b = buckets_[static_cast<size_t>(s.bucket)];
  torch::NoGradGuard no_grad;
  const auto dense = grad.is_sparse() ? grad.to_dense() : grad;
  b.buffer.narrow(0, s.offset, s.numel).add_(dense.reshape({-1}), share_);
  b.buffer.narrow(0, s.flag, 1).fill_(1);
  if (!s.ready) {
    s.ready = true;
    --b.pending;
  }
  launch_ready();
}

void GradientSync::launch_ready() {
  while (next_launch_ < static_cast<int64_t>(buckets_.size()) &&
         buckets_[static_cast<size_t>(next_launch_)].pending == 0) {
    auto& b = buckets_[static_cast<size_t>(next_launch_)];
    std::vector<torch::Tensor> one{b.buffer};
    b.work = world_.all_reduce_sum_async(one, "gradients");
    ++next_launch_;
  }
}

void GradientSync::finish() {
  if (!world_.distributed()) return;
  active_ = false;
  torch::NoGradGuard no_grad;
  // Gradients the hooks did not see (overlap off, or parameters outside this rank's graph): from .grad.
  for (size_t i = 0; i < slots_.size(); ++i) {
    auto& s = slots_[i];
    if (s.ready) continue;
    auto& b = buckets_[static_cast<size_t>(s.bucket)];
    const auto& g = s.param.grad();
    if (g.defined()) {
      const auto dense = g.is_sparse() ? g.to_dense() : g;
      b.buffer.narrow(0, s.offset, s.numel).add_(dense.reshape({-1}), share_);
      b.buffer.narrow(0, s.flag, 1).fill_(1);
    }
    s.ready = true;
    --b.pending;
  }
  launch_ready();
  for (auto& b : buckets_) b.work->wait();
  std::vector<torch::Tensor> flags;  // per bucket, on the CPU: one read per bucket, not per parameter
  for (auto& b : buckets_) {
    const int64_t first = slots_[static_cast<size_t>(b.slots.front())].flag;
    flags.push_back(b.buffer.narrow(0, first, static_cast<int64_t>(b.slots.size())).to(torch::kCPU, torch::kFloat));
  }
  for (auto& s : slots_) {
    const auto& b = buckets_[static_cast<size_t>(s.bucket)];
    const auto& buffer = b.buffer;
    const int64_t first = slots_[static_cast<size_t>(b.slots.front())].flag;
    if (flags[static_cast<size_t>(s.bucket)].data_ptr<float>()[s.flag - first] == 0) {  // no rank had a gradient
      s.param.mutable_grad() = torch::Tensor();
      continue;
    }
    auto reduced = buffer.narrow(0, s.offset, s.numel).view(s.param.sizes());
    auto& grad = s.param.mutable_grad();
    if (grad.defined() && !grad.is_sparse()) {
      grad.copy_(reduced);
    } else {
      grad = reduced.clone();
    }
  }
}

void broadcast_module(World& world, torch::nn::Module& module) {
  if (!world.distributed()) return;
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> targets;
  for (auto& p : module.parameters()) targets.push_back(p.detach());
  for (auto& b : module.buffers()) targets.push_back(b);
  // The collectives take contiguous tensors; channels-last weights travel as contiguous copies.
  std::vector<torch::Tensor> tensors;
  for (auto& t : targets) tensors.push_back(t.contiguous());
  world.broadcast(tensors, 0, "parameters and buffers");
  for (size_t i = 0; i < targets.size(); ++i) {
    if (!tensors[i].is_same(targets[i])) targets[i].copy_(tensors[i]);
  }
}

void average_buffers(World& world, torch::nn::Module& module) {
  if (!world.distributed()) return;
  torch::NoGradGuard no_grad;
  // One flat tensor per dtype: Gloo reads a list of tensors as one tensor's copies on several devices, so
  // buffers of other sizes (batch norms of other widths) cannot travel as a list.
  std::map<c10::ScalarType, std::vector<torch::Tensor>> by_type;
  for (auto& b : module.buffers()) {
    if (b.is_floating_point()) by_type[b.scalar_type()].push_back(b);
  }
  for (auto& [type, targets] : by_type) {
    std::vector<torch::Tensor> flat;
    for (const auto& t : targets) flat.push_back(t.reshape({-1}));
    std::vector<torch::Tensor> one{torch::cat(flat)};
    world.all_reduce_sum(one, "batch-norm statistics");
    one[0].div_(world.size());
    int64_t at = 0;
    for (auto& t : targets) {
      t.copy_(one[0].narrow(0, at, t.numel()).view(t.sizes()));
      at += t.numel();
    }
  }
}

}  // namespace emorec::dist

// The c10d backends a World can hold, each in its own file because each needs its own compile definition and
// headers: Gloo (gloo_backend.cpp, USE_C10D_GLOO, Debian's libgloo-dev headers for the Gloo inside
// libtorch_cpu.so) and NCCL (nccl_backend.cpp, USE_C10D_NCCL, CUDA builds only; no_nccl_backend.cpp otherwise).
#pragma once
#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>

#include <chrono>
#include <string>

namespace emorec::dist {

// `address`: the master's address; a loopback master binds Gloo to 127.0.0.1, otherwise GLOO_SOCKET_IFNAME
// names the interface when set, as in PyTorch, else the address this machine's hostname resolves to.
c10::intrusive_ptr<c10d::Backend> make_gloo_backend(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                                    std::chrono::milliseconds timeout, const std::string& address);
// ConfigError in a build without CUDA.
c10::intrusive_ptr<c10d::Backend> make_nccl_backend(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size,
                                                    std::chrono::milliseconds timeout);
bool nccl_available();

}  // namespace emorec::dist

// What the kernel lab's programs share (kernels/lab/README.md): deterministic data, the storage types on the
// host, index patterns, comparison against a float reference with a stated tolerance, CUDA-event timing after
// an L2 flush, the device-to-device copy bandwidth each program measures for itself, and the report (lines on
// stdout, one JSON object per case with --json). Host code and the CUDA runtime only: no LibTorch.
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace emorec::lab {

// A deterministic stream (splitmix64): the same sweep gives the same data everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  int64_t below(int64_t n) { return static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t s_;
};

// The storage types and their names.
template <typename T>
const char* type_name() {
  if constexpr (std::is_same_v<T, float>) return "fp32";
  if constexpr (std::is_same_v<T, __half>) return "fp16";
  return "bf16";
}
template <typename T>
T to_storage(float v) {
  if constexpr (std::is_same_v<T, float>) return v;
  if constexpr (std::is_same_v<T, __half>) return __float2half_rn(v);
  if constexpr (std::is_same_v<T, __nv_bfloat16>) return __float2bfloat16_rn(v);
}
inline float to_float(float v) {
  return v;
}
inline float to_float(__half v) {
  return __half2float(v);
}
inline float to_float(__nv_bfloat16 v) {
  return __bfloat162float(v);
}

// f(T{}) for each storage type T: fp32, fp16, bf16.
template <typename F>
void for_each_storage_type(F&& f) {
  f(float{});
  f(__half{});
  f(__nv_bfloat16{});
}

// Values in [-1, 1) stored as T; `rounded` receives what the storage holds, as float (the reference's input).
template <typename T>
std::vector<T> random_values(Rng& rng, size_t n, std::vector<float>& rounded) {
  std::vector<T> out(n);
  rounded.resize(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = to_storage<T>(static_cast<float>(rng.uniform() * 2 - 1));
    rounded[i] = to_float(out[i]);
  }
  return out;
}

// Index patterns over [0, range).
enum class Pattern { kUniform, kSkewed, kRepeated };
inline const char* pattern_name(Pattern p) {
  return p == Pattern::kUniform ? "uniform" : p == Pattern::kSkewed ? "skewed" : "repeated";
}
// uniform: each index equally likely; skewed: a power law (index = range * u^4: a few rows take most reads,
// as popular items do); repeated: every index the same row.
inline std::vector<int64_t> random_indices(Rng& rng, size_t n, int64_t range, Pattern p) {
  std::vector<int64_t> out(n);
  for (auto& v : out) {
    if (p == Pattern::kUniform) {
      v = rng.below(range);
    } else if (p == Pattern::kSkewed) {
      const double u = rng.uniform();
      v = std::min<int64_t>(range - 1, static_cast<int64_t>(static_cast<double>(range) * u * u * u * u));
    } else {
      v = range / 2;
    }
  }
  return out;
}

// |got - want| <= atol + rtol * |want| for every element; the worst element is reported.
struct Tolerance {
  double atol, rtol;
};
template <typename T>
Tolerance tolerance_for() {
  // The reference computes in float (double sums) from the values the storage holds; the kernels accumulate
  // in float and round the output to T once: fp32 differs by summation order, fp16 and bf16 by one rounding
  // of the output (2^-11 and 2^-8 relative) plus that order.
  if constexpr (std::is_same_v<T, float>) return {1e-5, 1e-4};
  if constexpr (std::is_same_v<T, __half>) return {2e-3, 2e-3};
  return {1.6e-2, 1.6e-2};
}
struct Comparison {
  bool ok = true;
  double worst = 0;  // the largest |got - want| - (atol + rtol |want|), <= 0 when ok
  size_t worst_at = 0;
  double got = 0, want = 0;
};
template <typename G>
Comparison compare(const std::vector<G>& got, const std::vector<double>& want, Tolerance tol) {
  Comparison c;
  c.worst = -1e300;
  if (got.size() != want.size()) {
    c.ok = false;
    return c;
  }
  for (size_t i = 0; i < got.size(); ++i) {
    const double g = to_float(got[i]);
    const double excess = std::fabs(g - want[i]) - (tol.atol + tol.rtol * std::fabs(want[i]));
    if (!(excess <= 0)) c.ok = false;  // NaN fails too
    if (!(excess <= c.worst)) c.worst = excess, c.worst_at = i, c.got = g, c.want = want[i];
  }
  return c;
}

// One CUDA call that must succeed; the lab stops with the call and its error.
#define LAB_CUDA(expr)                                                                                  \
  do {                                                                                                  \
    const cudaError_t lab_err_ = (expr);                                                                \
    if (lab_err_ != cudaSuccess) {                                                                      \
      std::fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #expr, cudaGetErrorString(lab_err_)); \
      std::exit(2);                                                                                     \
    }                                                                                                   \
  } while (0)

// A device buffer of n T's, filled from the host.
template <typename T>
struct DeviceBuffer {
  T* p = nullptr;
  size_t n = 0;
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t count) : n(count) {
    LAB_CUDA(cudaMalloc(&base_, count * sizeof(T) + 16));
    p = base_;
  }
  // The data starts `offset` elements into the allocation: 1 leaves it off 16-byte alignment (the kernels'
  // scalar path).
  DeviceBuffer(const std::vector<T>& host, size_t offset = 0) : n(host.size()) {
    LAB_CUDA(cudaMalloc(&base_, (host.size() + offset) * sizeof(T) + 16));
    p = base_ + offset;
    if (!host.empty()) LAB_CUDA(cudaMemcpy(p, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice));
  }
  ~DeviceBuffer() { cudaFree(base_); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  std::vector<T> host() const {
    std::vector<T> out(n);
    if (n) LAB_CUDA(cudaMemcpy(out.data(), p, n * sizeof(T), cudaMemcpyDeviceToHost));
    return out;
  }
  void zero() { LAB_CUDA(cudaMemset(p, 0, n * sizeof(T))); }

 private:
  T* base_ = nullptr;
};

// Whether a CUDA device can run kernels here; `why` says why not.
inline bool device_available(std::string* why) {
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    *why = cudaGetErrorString(e);
    return false;
  }
  if (count == 0) {
    *why = "no CUDA device";
    return false;
  }
  return true;
}

// Timing: the median of `reps` runs of `fn`, each after writing a buffer twice the L2's size (so no run finds
// its inputs in the L2 left by the previous one), timed by CUDA events around `fn` alone. Milliseconds.
class Timer {
 public:
  Timer() {
    int dev = 0, l2 = 0;
    LAB_CUDA(cudaGetDevice(&dev));
    LAB_CUDA(cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, dev));
    flush_bytes_ = std::max<size_t>(size_t{2} * static_cast<size_t>(l2), size_t{64} << 20);
    LAB_CUDA(cudaMalloc(&flush_, flush_bytes_));
    LAB_CUDA(cudaEventCreate(&start_));
    LAB_CUDA(cudaEventCreate(&stop_));
  }
  ~Timer() {
    cudaFree(flush_);
    cudaEventDestroy(start_);
    cudaEventDestroy(stop_);
  }
  template <typename F>
  double median_ms(F&& fn, int reps = 20) {
    std::vector<float> ms;
    for (int r = 0; r < reps; ++r) {
      LAB_CUDA(cudaMemsetAsync(flush_, r & 0xff, flush_bytes_));
      LAB_CUDA(cudaEventRecord(start_));
      fn();
      LAB_CUDA(cudaEventRecord(stop_));
      LAB_CUDA(cudaEventSynchronize(stop_));
      float t = 0;
      LAB_CUDA(cudaEventElapsedTime(&t, start_, stop_));
      ms.push_back(t);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  }
  // The device-to-device copy bandwidth (bytes read plus written per second) of cudaMemcpyAsync over 1 GiB:
  // the ceiling each case's GB/s is compared with.
  double copy_gb_per_s() {
    const size_t bytes = size_t{1} << 30;
    char *a = nullptr, *b = nullptr;
    LAB_CUDA(cudaMalloc(&a, bytes));
    LAB_CUDA(cudaMalloc(&b, bytes));
    LAB_CUDA(cudaMemset(a, 1, bytes));
    const double ms =
        median_ms([&] { LAB_CUDA(cudaMemcpyAsync(b, a, bytes, cudaMemcpyDeviceToDevice)); }, 10);
    cudaFree(a);
    cudaFree(b);
    return 2.0 * static_cast<double>(bytes) / (ms * 1e6);
  }

 private:
  void* flush_ = nullptr;
  size_t flush_bytes_ = 0;
  cudaEvent_t start_{}, stop_{};
};

// The report: a line per case, and with --json one JSON object per line in that file.
class Report {
 public:
  explicit Report(const char* json_path) : json_(json_path ? std::fopen(json_path, "w") : nullptr) {}
  ~Report() {
    if (json_) std::fclose(json_);
  }
  void check(const std::string& name, const Comparison& c) {
    ++checked_;
    if (!c.ok) ++failed_;
    std::printf("%-4s %-70s worst excess %9.2e at %zu (got %.6g want %.6g)\n", c.ok ? "ok" : "FAIL",
                name.c_str(), c.worst, c.worst_at, c.got, c.want);
    if (json_) {
      std::fprintf(json_, "{\"case\": \"%s\", \"ok\": %s, \"worst_excess\": %.6g}\n", name.c_str(),
                   c.ok ? "true" : "false", c.worst);
    }
  }
  void time(const std::string& name, double ms, double bytes, double copy_gbs) {
    const double gbs = bytes / (ms * 1e6);
    std::printf("time %-70s %9.4f ms %8.1f GB/s %5.1f%% of copy\n", name.c_str(), ms, gbs,
                100 * gbs / copy_gbs);
    if (json_) {
      std::fprintf(json_, "{\"case\": \"%s\", \"ms\": %.6g, \"gb_per_s\": %.6g, \"copy_fraction\": %.4f}\n",
                   name.c_str(), ms, gbs, gbs / copy_gbs);
    }
  }
  void note(const std::string& line) {
    std::printf("%s\n", line.c_str());
    if (json_) std::fprintf(json_, "{\"note\": \"%s\"}\n", line.c_str());
  }
  int failed() const { return failed_; }
  int checked() const { return checked_; }

 private:
  std::FILE* json_;
  int checked_ = 0, failed_ = 0;
};

// What one lab program is: its reference's self-test (always run; false stops the program), the sweep of
// device checks, an optional out-of-range case run in a child process (a device assert ends the CUDA context
// it happens in; the child's exit status 0 means the assert fired), and the timing, run only when every check
// passed.
struct LabProgram {
  std::function<bool(Report&)> self_test;
  std::function<void(Report&)> sweep;
  std::function<int()> out_of_range_child;  // empty: no out-of-range case
  std::string out_of_range_case;            // its name in the report
  std::function<void(Report&, Timer&, double copy_gb_per_s)> time;
};

// The programs' shared main: `PROGRAM [--quick] [--json FILE]`. Exit status 0 when every check passed, 1 when
// one failed, 2 for a usage error.
inline int run_lab(int argc, char** argv, const LabProgram& program) {
  bool quick = false;
  const char* json = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") {
      quick = true;
    } else if (a == "--json" && i + 1 < argc) {
      json = argv[++i];
    } else if (a == "--out-of-range-child" && program.out_of_range_child) {
      return program.out_of_range_child();
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--json FILE]\n", argv[0]);
      return 2;
    }
  }
  Report report(json);
  std::string why;
  const bool gpu = !quick && device_available(&why);
  int child = -1;
  if (gpu && program.out_of_range_child) {  // first, before this process makes a CUDA context of its own
    const int status = std::system((std::string("'") + argv[0] + "' --out-of-range-child").c_str());
    child = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  }
  if (!program.self_test(report)) {
    std::printf("the reference's self-test failed: no device check can be trusted\n");
    return 1;
  }
  if (!gpu) {
    report.note(quick ? "--quick: the reference's self-test only"
                      : "no device (" + why + "): the reference's self-test only; the sweep needs a GPU");
    return 0;
  }
  program.sweep(report);
  if (program.out_of_range_child) {
    Comparison oob;
    oob.ok = child == 0;
    report.check(program.out_of_range_case, oob);
  }
  Timer timer;
  const double copy = timer.copy_gb_per_s();
  report.note("device-to-device copy: " + std::to_string(copy) + " GB/s (cudaMemcpyAsync, 1 GiB)");
  if (report.failed() == 0) {
    program.time(report, timer, copy);
  } else {
    report.note("timing skipped: some checks failed");
  }
  std::printf("%d checks, %d failed\n", report.checked(), report.failed());
  return report.failed() == 0 ? 0 : 1;
}

}  // namespace emorec::lab

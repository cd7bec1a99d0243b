#include "core/malloc_policy.h"

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace emorec {

bool keep_freed_memory() {
#if defined(__GLIBC__)
  const char* opt_out = std::getenv("EMOREC_KEEP_FREED_MEMORY");
  if (opt_out && std::strcmp(opt_out, "0") == 0) return false;
  if (std::getenv("GLIBC_TUNABLES")) return false;
  const bool no_mmap = mallopt(M_MMAP_MAX, 0) == 1;
  const bool no_trim = mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
  return no_mmap && no_trim;
#else
  return false;
#endif
}

}  // namespace emorec

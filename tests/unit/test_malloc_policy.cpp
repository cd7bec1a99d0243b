// core/malloc_policy.h: the opt-outs are honoured, and afterwards a large block comes from the heap (no mmap
// of its own, so freeing it and asking again reuses the same pages).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "core/malloc_policy.h"
#include "test_util.h"

namespace emorec {
namespace {

#if defined(__GLIBC__)
TEST(MallocPolicy, OptOutsAreHonouredAndLargeBlocksComeFromTheHeap) {
  if (test::kAddressSanitizer) GTEST_SKIP() << "AddressSanitizer replaces glibc's allocator: no policy to set";
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables) GTEST_SKIP() << "GLIBC_TUNABLES is set: the user's allocator settings win";
  setenv("EMOREC_KEEP_FREED_MEMORY", "0", 1);
  EXPECT_FALSE(keep_freed_memory());
  setenv("GLIBC_TUNABLES", "glibc.malloc.check=0", 1);
  unsetenv("EMOREC_KEEP_FREED_MEMORY");
  EXPECT_FALSE(keep_freed_memory());
  unsetenv("GLIBC_TUNABLES");
  ASSERT_TRUE(keep_freed_memory());
  const auto mapped_before = mallinfo2().hblks;
  const size_t big = 64u << 20;  // far above glibc's default mmap threshold (128 KiB, at most 32 MiB dynamic)
  auto* block = static_cast<char*>(std::malloc(big));
  ASSERT_NE(block, nullptr);
  std::memset(block, 1, big);
  EXPECT_EQ(mallinfo2().hblks, mapped_before) << "a 64 MiB block was mmapped on its own";
  std::free(block);
}
#endif

}  // namespace
}  // namespace emorec

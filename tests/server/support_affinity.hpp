#pragma once
// Which threads of a process the kernel lets run on exactly one CPU, read from the kernel itself (not
// from what the server says it did). Test support only.
#include <sched.h>

#include <filesystem>
#include <map>
#include <string>

namespace opsgym::test {

// Threads of process `pid` ("self" for this one) allowed on exactly one CPU, counted by that CPU.
inline std::map<int, int> threads_pinned_by_cpu(const std::string& pid = "self") {
  std::map<int, int> pinned;
  for (const auto& task : std::filesystem::directory_iterator(std::filesystem::path("/proc") / pid / "task")) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(std::stoi(task.path().filename().string()), sizeof set, &set) != 0) continue;
    if (CPU_COUNT(&set) != 1) continue;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &set)) ++pinned[cpu];
  }
  return pinned;
}

// On a single CPU every thread is pinned whatever a server does: the kernel's view tells nothing there.
inline bool pinning_is_visible() {
  cpu_set_t set;
  CPU_ZERO(&set);
  return sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 1;
}

}  // namespace opsgym::test

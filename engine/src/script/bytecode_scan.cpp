#include "script/bytecode_scan.hpp"

#include <cstring>
#include <stdexcept>

namespace opsgym::lua {
namespace {

// What the header of a dump from this build must say (ldump.c dumpHeader, Lua 5.4).
constexpr char kSignature[] = "\x1bLua";
constexpr unsigned char kVersion = 0x54;
constexpr unsigned char kFormat = 0;
constexpr char kData[] = "\x19\x93\r\n\x1a\n";
constexpr lua_Integer kCheckInteger = 0x5678;
constexpr lua_Number kCheckNumber = 370.5;

// Constant tags in a dump (lobject.h makevariant).
constexpr int kTagNil = 0, kTagFalse = 1, kTagTrue = 17, kTagInteger = 3, kTagFloat = 19, kTagShortString = 4,
              kTagLongString = 20;
constexpr signed char kAbsoluteLine = -0x80;  // ABSLINEINFO: the line is in the absolute line table

struct UpvalueRef {
  bool in_stack = false;  // a local of the enclosing function (else the enclosing function's upvalue)
  int index = 0;
};

struct Prototype {
  std::string source;
  int line_defined = 0;
  std::vector<uint32_t> code;
  std::vector<UpvalueRef> upvalues;
  std::vector<Prototype> nested;
  std::vector<signed char> line_deltas;
  std::vector<std::pair<int, int>> absolute_lines;  // (pc, line)
  std::vector<std::string> upvalue_names;

  int line_of(size_t pc) const {
    if (line_deltas.size() != code.size()) return line_defined;
    int line = line_defined;
    for (size_t i = 0; i <= pc; ++i) {
      if (line_deltas[i] != kAbsoluteLine) {
        line += line_deltas[i];
        continue;
      }
      for (const auto& [at, absolute] : absolute_lines) {
        if (static_cast<size_t>(at) == i) line = absolute;
      }
    }
    return line;
  }
};

class DumpReader {
 public:
  explicit DumpReader(const std::string& dump) : data_(dump) {}

  Prototype read() {
    expect_bytes(kSignature, 4, "signature");
    if (byte() != kVersion) fail("version is not 5.4");
    if (byte() != kFormat) fail("format is not the official one");
    expect_bytes(kData, 6, "conversion check bytes");
    if (byte() != sizeof(uint32_t)) fail("instructions are not 4 bytes");
    if (byte() != sizeof(lua_Integer)) fail("integers differ in size");
    if (byte() != sizeof(lua_Number)) fail("floats differ in size");
    if (raw<lua_Integer>() != kCheckInteger) fail("integer check failed (byte order)");
    if (raw<lua_Number>() != kCheckNumber) fail("float check failed");
    byte();  // number of upvalues of the dumped closure
    Prototype main = function("");
    if (at_ != data_.size()) fail("bytes left over after the function");
    return main;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("Lua bytecode dump not understood (" + what + " at byte " + std::to_string(at_) +
                             "): this engine reads Lua 5.4's format; the Lua library it runs with differs");
  }

  void need(size_t n) const {
    if (data_.size() - at_ < n) fail("truncated");
  }

  unsigned char byte() {
    need(1);
    return static_cast<unsigned char>(data_[at_++]);
  }

  template <typename T>
  T raw() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, data_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }

  void expect_bytes(const char* bytes, size_t n, const char* what) {
    need(n);
    if (std::memcmp(data_.data() + at_, bytes, n) != 0) fail(what);
    at_ += n;
  }

  // dumpSize: 7 bits a byte, most significant first, the last byte marked by its high bit.
  size_t size() {
    size_t value = 0;
    for (int i = 0; i < 10; ++i) {
      const unsigned char b = byte();
      value = (value << 7) | (b & 0x7f);
      if (b & 0x80) return value;
    }
    fail("size too long");
  }

  int integer() {
    const size_t value = size();
    if (value > static_cast<size_t>(INT32_MAX)) fail("integer out of range");
    return static_cast<int>(value);
  }

  // Counts of elements that take at least `min_bytes` each: bounded by what is left, so a corrupt count
  // cannot make a huge reservation.
  size_t count(size_t min_bytes) {
    const size_t n = size();
    if (min_bytes && n > (data_.size() - at_) / min_bytes) fail("count past the end");
    return n;
  }

  // dumpString: size 0 is no string, else size - 1 bytes.
  std::string string() {
    const size_t n = size();
    if (n == 0) return {};
    need(n - 1);
    std::string text = data_.substr(at_, n - 1);
    at_ += n - 1;
    return text;
  }

  Prototype function(const std::string& parent_source) {
    Prototype proto;
    proto.source = string();
    if (proto.source.empty()) proto.source = parent_source;
    proto.line_defined = integer();
    integer();  // lastlinedefined
    byte();     // numparams
    byte();     // is_vararg
    byte();     // maxstacksize
    proto.code.resize(count(sizeof(uint32_t)));
    for (auto& instruction : proto.code) instruction = raw<uint32_t>();
    for (size_t i = count(1); i > 0; --i) constant();
    proto.upvalues.resize(count(3));
    for (auto& upvalue : proto.upvalues) {
      upvalue.in_stack = byte() != 0;
      upvalue.index = byte();
      byte();  // kind
    }
    proto.nested.resize(count(1));
    for (auto& nested : proto.nested) nested = function(proto.source);
    proto.line_deltas.resize(count(1));
    for (auto& delta : proto.line_deltas) delta = static_cast<signed char>(byte());
    proto.absolute_lines.resize(count(2));
    for (auto& [pc, line] : proto.absolute_lines) {
      pc = integer();
      line = integer();
    }
    for (size_t i = count(3); i > 0; --i) {  // local variables: name, startpc, endpc
      string();
      integer();
      integer();
    }
    proto.upvalue_names.resize(count(1));
    for (auto& name : proto.upvalue_names) name = string();
    return proto;
  }

  void constant() {
    switch (byte()) {
      case kTagNil:
      case kTagFalse:
      case kTagTrue: return;
      case kTagInteger: raw<lua_Integer>(); return;
      case kTagFloat: raw<lua_Number>(); return;
      case kTagShortString:
      case kTagLongString: string(); return;
      default: fail("unknown constant tag");
    }
  }

  const std::string& data_;
  size_t at_ = 0;
};

int writer(lua_State*, const void* bytes, size_t size, void* out) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(bytes), size);
  return 0;
}

std::string chunk_of(const std::string& source) {
  return !source.empty() && (source[0] == '@' || source[0] == '=') ? source.substr(1) : source;
}

// `outer[i]` is the index among the scanned function's own upvalues that upvalue i of `proto` is, or -1
// when it is a local of a function inside the scanned one.
void scan(const Prototype& proto, const std::vector<int>& outer, const Prototype& root, BytecodeFindings& found) {
  for (size_t pc = 0; pc < proto.code.size(); ++pc) {
    const uint32_t instruction = proto.code[pc];
    const uint32_t op = instruction & 0x7f;
    if (op == kOpSetUpvalue) {
      const size_t b = (instruction >> 16) & 0xff;
      if (b >= outer.size()) throw std::runtime_error("Lua bytecode dump not understood (SETUPVAL past the upvalues)");
      if (outer[b] < 0) continue;
      const auto root_index = static_cast<size_t>(outer[b]);
      std::string name = root_index < root.upvalue_names.size() ? root.upvalue_names[root_index] : "";
      found.outer_assignments.push_back({chunk_of(proto.source), proto.line_of(pc), name.empty() ? "?" : name});
    } else if (op == kOpToBeClosed) {
      found.to_be_closed.push_back({chunk_of(proto.source), proto.line_of(pc), ""});
    }
  }
  for (const Prototype& nested : proto.nested) {
    std::vector<int> nested_outer;
    nested_outer.reserve(nested.upvalues.size());
    for (const UpvalueRef& ref : nested.upvalues) {
      if (ref.in_stack) {
        nested_outer.push_back(-1);
      } else if (static_cast<size_t>(ref.index) < outer.size()) {
        nested_outer.push_back(outer[static_cast<size_t>(ref.index)]);
      } else {
        throw std::runtime_error("Lua bytecode dump not understood (upvalue past the enclosing function's)");
      }
    }
    scan(nested, nested_outer, root, found);
  }
}

}  // namespace

BytecodeFindings scan_function(lua_State* L, int index) {
  std::string dump;
  lua_pushvalue(L, index);
  const int status = lua_dump(L, writer, &dump, 0);
  lua_pop(L, 1);
  if (status != 0) throw std::runtime_error("cannot dump a function that is not a Lua function");
  return scan_dump(dump);
}

BytecodeFindings scan_dump(const std::string& dump) {
  const Prototype root = DumpReader(dump).read();
  std::vector<int> outer(root.upvalues.size());
  for (size_t i = 0; i < outer.size(); ++i) outer[i] = static_cast<int>(i);
  BytecodeFindings found;
  scan(root, outer, root, found);
  return found;
}

}  // namespace opsgym::lua

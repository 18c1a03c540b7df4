// The input side of a feed reader: something that fills a buffer with the feed's bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace gatetwin::replay {

/// A stream of feed bytes (a file, a stream, a text, a recording's rows). FeedReader reads it
/// in large chunks and splits it into lines itself.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Fills up to `n` bytes of `dst`; 0 at the end of input (or on error, then error() says why).
  virtual size_t Read(char* dst, size_t n) = 0;
  /// The input's total size in bytes, or an estimate of it (progress bars only); 0 when unknown.
  virtual uint64_t Size() const = 0;
  /// Why the input failed part-way; empty when it did not.
  const std::string& error() const { return error_; }

 protected:
  /// Keeps the first error only: later ones are usually its consequences.
  void SetError(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

 private:
  std::string error_;
};

}  // namespace gatetwin::replay

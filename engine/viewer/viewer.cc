// Placeholder translation unit until the viewer's first file lands (keeps the library non-empty).
namespace gatetwin::viewer {}

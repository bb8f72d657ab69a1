// render.cpp: libgongwen from C++ (the header is extern "C"): renders a 公文 text file from
// memory to PDF, and to OFD, on one engine shared by two threads.
//
//   c++ -std=c++17 render.cpp $(pkg-config --cflags --libs gongwen) -o render-cpp
//   ./render-cpp notice.txt notice.pdf     (also writes notice.ofd)
#include <gongwen/gongwen.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

struct engine_deleter {
    void operator()(gongwen_engine *e) const { gongwen_engine_free(e); }
};
struct diags_deleter {
    void operator()(gongwen_diagnostics *d) const { gongwen_diagnostics_free(d); }
};
using diags_ptr = std::unique_ptr<gongwen_diagnostics, diags_deleter>;

// Renders text in one format; throws with the library's messages on failure.
std::string render(const gongwen_engine *e, const std::string &text, const char *name,
                   gongwen_format format)
{
    diags_ptr d(gongwen_diagnostics_new());
    gongwen_options *o = gongwen_options_new();
    gongwen_options_set_format(o, format);
    unsigned char *out = nullptr;
    size_t len = 0;
    gongwen_status s = gongwen_render(e, text.data(), text.size(), name, o, &out, &len, d.get());
    gongwen_options_free(o);
    if (s != GONGWEN_OK) {
        char *why = nullptr;
        gongwen_diagnostics_format(d.get(), GONGWEN_ERROR, 0, &why);
        std::string msg = std::string(gongwen_status_string(s)) + "\n" + (why ? why : "");
        gongwen_free(why);
        throw std::runtime_error(msg);
    }
    std::string bytes(reinterpret_cast<char *>(out), len);
    gongwen_free(out);
    return bytes;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: render-cpp IN.txt OUT.pdf\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    diags_ptr d(gongwen_diagnostics_new());
    gongwen_engine *raw = nullptr;
    if (gongwen_engine_new(nullptr, &raw, d.get()) != GONGWEN_OK) {
        gongwen_diagnostics_print(d.get(), stderr, GONGWEN_NOTE, 0);
        return 1;
    }
    std::unique_ptr<gongwen_engine, engine_deleter> e(raw);
    try {
        std::string pdf, ofd;
        // one engine, two threads at once: an engine is immutable, each render has its own state
        std::thread t([&] { ofd = render(e.get(), text, argv[1], GONGWEN_FORMAT_OFD); });
        pdf = render(e.get(), text, argv[1], GONGWEN_FORMAT_PDF);
        t.join();
        std::ofstream(argv[2], std::ios::binary) << pdf;
        std::string ofd_path = std::string(argv[2]) + ".ofd";
        std::ofstream(ofd_path, std::ios::binary) << ofd;
        std::printf("%s: %zu bytes of PDF, %s: %zu bytes of OFD (gongwen %s)\n", argv[2],
                    pdf.size(), ofd_path.c_str(), ofd.size(), gongwen_version());
    } catch (const std::exception &x) {
        std::fprintf(stderr, "render-cpp: %s\n", x.what());
        return 1;
    }
    return 0;
}

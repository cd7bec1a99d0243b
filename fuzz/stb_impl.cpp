// stb's image decoder and writer for the fuzz build (cmake/EmoRecFuzz.cmake), from Debian's libstb-dev headers.
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

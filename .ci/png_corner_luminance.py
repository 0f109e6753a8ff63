"""Prints the luminance (0-255) of a PNG's top-left pixel, with nothing but the standard library.
The first pixel of the first row is stored as it is under every PNG filter (there is nothing
to its left or above it), so inflating the image data is enough; no image library needed."""
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + length]
    pos += 12 + length
raw = zlib.decompressobj().decompress(idat, 8)  # raw[0] is row 0's filter type, then R, G, B
print(int(0.2126 * raw[1] + 0.7152 * raw[2] + 0.0722 * raw[3]))

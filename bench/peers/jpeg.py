"""Baseline greyscale JPEG decoding in Python and NumPy, bit-exact with stb_image (what EmoRec decodes with).

The venv has no Pillow, and FER2013's archive holds only baseline, single-channel, 8-bit JPEGs without restart
markers, so a small decoder is enough: Huffman decoding in Python over a NumPy table of 16-bit peeks, then
stb_image's integer IDCT (derived from libjpeg's jidctint) vectorised over all blocks of many images at once.
Anything outside that subset raises ValueError naming the file.
"""
from __future__ import annotations

import numpy as np

# Natural (row-major) index of the k-th coefficient in zig-zag order.
ZIGZAG = (0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7,
          14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46,
          53, 60, 61, 54, 47, 55, 62, 63)

_huffman_cache: dict[bytes, list[int]] = {}


def _huffman_lookup(counts: bytes, symbols: bytes) -> list[int]:
    """Table indexed by the next 16 bits of the stream: (symbol << 5) | code length, 0 for an invalid code."""
    key = counts + symbols
    table = _huffman_cache.get(key)
    if table is not None:
        return table
    table = [0] * 65536
    code, i = 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            lo = code << (16 - length)
            hi = (code + 1) << (16 - length)
            table[lo:hi] = [(symbols[i] << 5) | length] * (hi - lo)
            code += 1
            i += 1
        code <<= 1
    _huffman_cache[key] = table
    return table


def _parse(data: bytes, name: str):
    """Returns (width, height, dequantisation table in natural order, DC table, AC table, entropy-coded bytes)."""
    if data[:2] != b"\xff\xd8":
        raise ValueError(f"{name}: not a JPEG file (no SOI marker)")
    quant, dc_tables, ac_tables = {}, {}, {}
    frame = None
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise ValueError(f"{name}: expected a marker at byte {i}")
        marker = data[i + 1]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        seg = data[i + 4:i + 2 + length]
        if marker in (0xC1, 0xC2, 0xC3) or 0xC5 <= marker <= 0xCF and marker not in (0xC8, 0xCC):
            raise ValueError(f"{name}: only baseline JPEG is supported (SOF marker 0x{marker:02X})")
        if marker == 0xDD:
            raise ValueError(f"{name}: restart intervals are not supported")
        if marker == 0xDB:
            j = 0
            while j < len(seg):
                if seg[j] >> 4:
                    raise ValueError(f"{name}: 16-bit quantisation tables are not supported")
                table = np.zeros(64, np.int64)
                table[list(ZIGZAG)] = np.frombuffer(seg[j + 1:j + 65], np.uint8)
                quant[seg[j] & 15] = table
                j += 65
        elif marker == 0xC4:
            j = 0
            while j < len(seg):
                counts = seg[j + 1:j + 17]
                n = sum(counts)
                lookup = _huffman_lookup(counts, seg[j + 17:j + 17 + n])
                (ac_tables if seg[j] >> 4 else dc_tables)[seg[j] & 15] = lookup
                j += 17 + n
        elif marker == 0xC0:
            height, width, components = int.from_bytes(seg[1:3], "big"), int.from_bytes(seg[3:5], "big"), seg[5]
            if seg[0] != 8 or components != 1 or seg[7] != 0x11:
                raise ValueError(f"{name}: only 8-bit single-channel images are supported")
            frame = (width, height, seg[8])
        elif marker == 0xDA:
            if frame is None or seg[0] != 1:
                raise ValueError(f"{name}: scan before the frame header, or not one component")
            start = i + 2 + length
            end = data.find(b"\xff\xd9", start)
            scan = data[start:end if end >= 0 else len(data)]
            if b"\xff" in scan.replace(b"\xff\x00", b""):
                raise ValueError(f"{name}: markers inside the scan (restarts) are not supported")
            width, height, tq = frame
            return (width, height, quant[tq], dc_tables[seg[2] >> 4], ac_tables[seg[2] & 15],
                    scan.replace(b"\xff\x00", b"\xff"))
        i += 2 + length
    raise ValueError(f"{name}: no image data (no SOS marker)")


def _peeks(scan: bytes) -> list[int]:
    """The 16 bits that start at every bit position of `scan` (zeros past its end)."""
    b = np.frombuffer(scan + b"\0\0\0", np.uint8).astype(np.int64)
    word = (b[:-2] << 16) | (b[1:-1] << 8) | b[2:]  # 24 bits from each byte
    shifts = 8 - np.arange(8)
    return ((word[:-1, None] >> shifts) & 0xFFFF).ravel().tolist()


def _coefficients(data: bytes, name: str) -> tuple[int, int, np.ndarray]:
    """Huffman-decodes one image into dequantised coefficients [blocks, 64] (natural order, int64)."""
    width, height, quant, dc_table, ac_table, scan = _parse(data, name)
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    q = quant.tolist()
    peek = _peeks(scan + bytes(8))  # slack for the last codes; overruns are caught per block
    limit = 8 * len(scan)
    out = [0] * (blocks * 64)
    pos, dc = 0, 0
    for base in range(0, blocks * 64, 64):
        entry = dc_table[peek[pos]]
        if not entry:
            raise ValueError(f"{name}: bad Huffman code")
        pos += entry & 31
        size = entry >> 5
        if size:
            v = peek[pos] >> (16 - size)
            pos += size
            if v < 1 << (size - 1):
                v -= (1 << size) - 1
            dc += v
        out[base] = dc * q[0]
        k = 1
        while k < 64:
            entry = ac_table[peek[pos]]
            if not entry:
                raise ValueError(f"{name}: bad Huffman code")
            pos += entry & 31
            rs = entry >> 5
            size = rs & 15
            if size == 0:
                if rs != 0xF0:
                    break  # end of block
                k += 16
                continue
            k += rs >> 4
            if k > 63:
                raise ValueError(f"{name}: coefficient index past 63")
            v = peek[pos] >> (16 - size)
            pos += size
            if v < 1 << (size - 1):
                v -= (1 << size) - 1
            z = ZIGZAG[k]
            out[base + z] = v * q[z]
            k += 1
        if pos > limit:
            raise ValueError(f"{name}: truncated image data")
    return width, height, np.asarray(out, np.int64).reshape(blocks, 64)


def _f2f(x: float) -> int:
    """stb_image's fixed-point constant: (int)(x * 4096 + 0.5) with x a C float."""
    return int(float(np.float32(x) * np.float32(4096)) + 0.5)


_C = {name: _f2f(v) for name, v in dict(
    c0541=0.5411961, cm1847=-1.847759065, c0765=0.765366865, c1175=1.175875602, c0298=0.298631336,
    c2053=2.053119869, c3072=3.072711026, c1501=1.501321110, cm0899=-0.899976223, cm2562=-2.562915447,
    cm1961=-1.961570560, cm0390=-0.390180644).items()}


def _idct_1d(s0, s1, s2, s3, s4, s5, s6, s7):
    """stb_image's STBI__IDCT_1D on arrays: returns x0..x3 (even part) and t0..t3 (odd part)."""
    p1 = (s2 + s6) * _C["c0541"]
    t2 = p1 + s6 * _C["cm1847"]
    t3 = p1 + s2 * _C["c0765"]
    t0 = (s0 + s4) * 4096
    t1 = (s0 - s4) * 4096
    x0, x3, x1, x2 = t0 + t3, t0 - t3, t1 + t2, t1 - t2
    p3, p4, p1, p2 = s7 + s3, s5 + s1, s7 + s1, s5 + s3
    p5 = (p3 + p4) * _C["c1175"]
    t0 = s7 * _C["c0298"]
    t1 = s5 * _C["c2053"]
    t2 = s3 * _C["c3072"]
    t3 = s1 * _C["c1501"]
    p1 = p5 + p1 * _C["cm0899"]
    p2 = p5 + p2 * _C["cm2562"]
    p3 = p3 * _C["cm1961"]
    p4 = p4 * _C["cm0390"]
    return x0, x1, x2, x3, t0 + p1 + p3, t1 + p2 + p4, t2 + p2 + p3, t3 + p1 + p4


def idct_blocks(coef: np.ndarray) -> np.ndarray:
    """stb_image's integer IDCT of dequantised blocks [N, 64] (natural order) -> uint8 pixels [N, 8, 8]."""
    d = coef.reshape(-1, 8, 8).astype(np.int64)
    # Columns: keeps 2 extra bits of precision. stb's all-zero-AC shortcut gives the same values.
    x0, x1, x2, x3, t0, t1, t2, t3 = _idct_1d(*(d[:, r, :] for r in range(8)))
    x0, x1, x2, x3 = x0 + 512, x1 + 512, x2 + 512, x3 + 512
    v = np.stack([x0 + t3, x1 + t2, x2 + t1, x3 + t0, x3 - t0, x2 - t1, x1 - t2, x0 - t3], 1) >> 10  # [N, row, col]
    # Rows: removes 1 << 17 with rounding and adds the 128 level shift.
    x0, x1, x2, x3, t0, t1, t2, t3 = _idct_1d(*(v[:, :, c] for c in range(8)))
    bias = 65536 + (128 << 17)
    x0, x1, x2, x3 = x0 + bias, x1 + bias, x2 + bias, x3 + bias
    out = np.stack([x0 + t3, x1 + t2, x2 + t1, x3 + t0, x3 - t0, x2 - t1, x1 - t2, x0 - t3], 2) >> 17
    return np.clip(out, 0, 255).astype(np.uint8)


def decode_many(files: list[tuple[str, bytes]]) -> list[np.ndarray]:
    """Decodes (name, bytes) JPEGs into uint8 [height, width] arrays, with one vectorised IDCT for all of them."""
    shapes, coefs = [], []
    for name, data in files:
        width, height, coef = _coefficients(data, name)
        shapes.append((width, height))
        coefs.append(coef)
    if not coefs:
        return []
    pixels = idct_blocks(np.concatenate(coefs))
    out, at = [], 0
    for width, height in shapes:
        bw, bh = (width + 7) // 8, (height + 7) // 8
        tiles = pixels[at:at + bw * bh].reshape(bh, bw, 8, 8).transpose(0, 2, 1, 3).reshape(bh * 8, bw * 8)
        out.append(np.ascontiguousarray(tiles[:height, :width]))
        at += bw * bh
    return out

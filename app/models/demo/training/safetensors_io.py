"""The safetensors format, written and read by hand (Debian bookworm packages no safetensors).

Layout: an 8-byte little-endian header length N, N bytes of JSON header
{"name": {"dtype": "F16", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}},
then the raw little-endian tensor bytes, offsets relative to the end of the header. The header is
padded with spaces to a multiple of 8 so that the data is aligned, as the reference library does.
"""
import json
import os
import struct

import numpy as np

DTYPES = {np.dtype("<f2"): "F16", np.dtype("<f4"): "F32"}
NUMPY = {name: dtype for dtype, name in DTYPES.items()}


def save(tensors, path, metadata=None):
    """Writes {name: numpy array} atomically (temporary file, then rename)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name])
        array = array.astype(array.dtype.newbyteorder("<"), copy=False)
        blob = array.tobytes()
        header[name] = {"dtype": DTYPES[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    if metadata:
        header["__metadata__"] = metadata
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    temporary = f"{path}.tmp"
    with open(temporary, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)
    os.replace(temporary, path)


def load(path):
    """Reads {name: numpy array}."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    header.pop("__metadata__", None)
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[base + begin:base + end],
                                      dtype=NUMPY[entry["dtype"]]).reshape(entry["shape"])
    return tensors

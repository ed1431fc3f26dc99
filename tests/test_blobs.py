"""Blob compression: what is squeezed comes back; zlib blobs written by older versions are still read."""
import os
import zlib

from newsmill.blobs import squeeze, unsqueeze


def test_squeezed_blobs_come_back_and_zlib_blobs_are_still_read():
    for data in (b"", b"story " * 2000, os.urandom(4096), "Zürich — “quoted”".encode() * 50):
        blob = squeeze(data)
        assert unsqueeze(blob) == data
        assert unsqueeze(zlib.compress(data, 1)) == data
    repetitive = b"story profile " * 500
    assert len(squeeze(repetitive)) < len(repetitive) // 10

"""Damaged text against binary: how many mutants of real reports are read, how many binaries refused.

Run with ``python benchmarks/bench_damaged_decoding.py [--mutants 55] [--cuts 49]``. For every
bundled seed report (``examples/reports``) and text file of the corpus (``tests/data/corpus``),
in UTF-8 and in GB18030, it makes ``--mutants`` copies with one bit flipped, as many with one
byte made 0xFF (never valid in either encoding), and ``--cuts`` copies cut at a random byte
(often inside a character); then it decodes them and generated binaries (random bytes, a PNG
and a JPEG header on random bytes, gzip and ZIP of a report). It prints, per kind, how many
were decoded, refused as binary, and decoded with U+FFFD (the damage extraction-damage reports).
A good result: no mutant refused, every binary refused. Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
import zipfile
from pathlib import Path

from govlint.parse.decode import decode

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "examples" / "reports").glob("*.txt")) + sorted(
    p for p in (ROOT / "tests" / "data" / "corpus").glob("*") if p.suffix in (".txt", ".md")
)


def _binaries(rng: random.Random, sample: bytes) -> list[bytes]:
    def noise(n: int) -> bytes:
        return bytes(rng.randrange(256) for _ in range(n))

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("a.txt", sample)
    return [
        *(noise(n) for n in (64, 512, 4096, 65536)),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise(4000),
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + noise(4000),
        gzip.compress(sample),
        archive.getvalue(),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=55)
    parser.add_argument("--cuts", type=int, default=49)
    args = parser.parse_args()
    rng = random.Random(18)
    counts: dict[str, list[int]] = {}

    def count(kind: str, data: bytes) -> None:
        decoded = decode(data)
        row = counts.setdefault(kind, [0, 0, 0])
        row[0] += 1
        row[1] += decoded.text is None
        row[2] += decoded.text is not None and "\ufffd" in decoded.text

    for path in TEXTS:
        raw = path.read_bytes()
        for encoding in ("utf-8", "gb18030"):
            data = raw if encoding == "utf-8" else raw.decode("utf-8").encode("gb18030")
            for _ in range(args.mutants):
                at = rng.randrange(len(data))
                count(f"{encoding} bit flip", data[:at] + bytes([data[at] ^ 1 << rng.randrange(8)]) + data[at + 1 :])
                count(f"{encoding} 0xFF byte", data[:at] + b"\xff" + data[at + 1 :])
            for _ in range(args.cuts):
                count(f"{encoding} cut", data[: rng.randrange(1, len(data))])
    for data in _binaries(rng, TEXTS[0].read_bytes()):
        count("binary", data)
    print(f"{len(TEXTS)} text files")
    print(f"{'kind':18} {'files':>6} {'binary':>7} {'with U+FFFD':>12}")
    for kind, (total, binary, damaged) in counts.items():
        print(f"{kind:18} {total:6} {binary:7} {damaged:12}")


if __name__ == "__main__":
    main()

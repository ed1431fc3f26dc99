"""Extraction benchmark: newsmill beside the peer extractors on the ScrapingHub dev pages.

    python -m benchmarks.extraction --mode text   # flattened page text (text/*.txt)
    python -m benchmarks.extraction --mode html   # raw HTML (html/*.html.gz)
"""
from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("text", "html"), required=True)
    args, rest = parser.parse_known_args(argv)
    if args.mode == "text":
        from benchmarks import extraction_text as bench
    else:
        from benchmarks import extraction_html as bench
    return bench.main(rest)


if __name__ == "__main__":
    raise SystemExit(main())

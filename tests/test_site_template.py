"""The site-template corpus step: one learner of per-site lines, read by extraction (template lines leave the
article) and by dedup (boilerplate lines leave the compared text); an article's copies keep their own lines."""
from __future__ import annotations

import json

import newsmill
from newsmill.article import Article, Dropped, normalize_text, site_of
from newsmill.dedup import DuplicateFinder
from newsmill.engine.memory import find_copies, run_step
from newsmill.engine.pipeline import default_pipeline
from newsmill.site_template import SiteTemplate, TemplateState, line_key, normalized_key
from newsmill.steps import CorpusContext
from newsmill.store.sqlite import Store

TEASER = "Ten things to know about the city budget"


def page(i: int, url: str, paragraphs: list[str]) -> Article:
    return Article(id=f"p{i}", source_path=f"p{i}", url=url, title=f"Headline number {i} about a local event",
                   body=paragraphs + [TEASER], dropped=[Dropped("Home", "navigation"), Dropped("Weather Sports", "other")])


def paragraph(i: int, k: int) -> str:
    return (f"Story {i} paragraph {k}: the council discussed item {i * 7 + k} at length on a long evening, "
            "and residents asked many questions about schools, roads, taxes, parks and the new library.")


def test_template_lines_leave_the_body_and_copies_keep_theirs():
    articles = [page(i, f"https://news.example.org/a{i}", [paragraph(i, 0), paragraph(i, 1)]) for i in range(4)]
    # Three copies of one article on another site, each with a short closing line of its own text.
    shared = [paragraph(9, 0), "The meeting ends at nine."]
    copies = [Article(id=f"c{i}", source_path="c", url=f"https://copies.example.com/{i}", body=list(shared))
              for i in range(3)]
    run_step(SiteTemplate(), articles + copies, CorpusContext())
    for article in articles:
        assert TEASER not in article.body and len(article.body) == 2
        assert Dropped(TEASER, "template") in article.dropped
        assert Dropped("Weather Sports", "template") in article.dropped
        assert article.title is not None
    for copy in copies:
        assert copy.body == shared and not copy.dropped


def test_a_small_site_is_left_alone():
    articles = [page(i, f"https://tiny.example.net/{i}", [paragraph(i, 0)]) for i in range(2)]
    run_step(SiteTemplate(), articles, CorpusContext())
    assert all(TEASER in a.body for a in articles)


def test_counts_carry_over_in_the_store_for_append(tmp_path):
    with Store(tmp_path / "n.sqlite") as store:
        first = [page(i, f"https://news.example.org/a{i}", [paragraph(i, 0)]) for i in range(2)]
        run_step(SiteTemplate(), first, CorpusContext(store=store))
        assert all(TEASER in a.body for a in first)  # two articles: not enough yet
        second = [page(i, f"https://news.example.org/b{i}", [paragraph(i + 10, 0)]) for i in range(2)]
        run_step(SiteTemplate(), second, CorpusContext(store=store))
        assert all(TEASER not in a.body for a in second)
        state = store.load_state(TemplateState)
        assert state.sites["news.example.org"].articles == 4


BOILER = "The council meets every Tuesday evening at the town hall, and residents are always welcome to attend."


def _dump(path, ids):
    """A JSONL dump of flattened pages from one site: each its own article, all with the site's boilerplate."""
    records = []
    for i in ids:
        text = "\n".join(["Home", "News", f"Headline number {i} about the vote on the new library",
                          paragraph(i, 0), BOILER, paragraph(i, 1), paragraph(i, 2), "Share", "© 2021 Example News"])
        records.append(json.dumps({"id": f"a{i}", "url": f"https://news.example.org/a{i}", "text": text}))
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def test_append_cleans_articles_stored_by_earlier_runs(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "corpus"

    def run(*args):
        proc = subprocess.run([sys.executable, "-m", "newsmill", "run", *map(str, args), "--out", str(out), "--quiet"],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        return {record["id"]: record for record in map(json.loads, lines)}

    first = run(_dump(tmp_path / "one.jsonl", [0, 1]))
    assert all(BOILER in article["body"] for article in first.values())  # two articles: not template yet
    second = run(_dump(tmp_path / "two.jsonl", [2, 3]), "--append")
    assert sorted(second) == ["a0", "a1", "a2", "a3"]
    for article in second.values():  # the earlier run's articles lose it too
        assert BOILER not in article["body"] and len(article["body"]) == 3
        assert {"text": BOILER, "kind": "template"} in article["dropped"]


HEADER = "Daily Example | Home | World | Sport"
RELATED = "Related: The mayor opens the new bridge over the river"


def _short_lines(seeds_dir, name):
    """A seed's text in lines of 12 words: every line short enough to look like a template line."""
    words = (seeds_dir / name).read_text(encoding="utf-8").split()
    return [" ".join(words[i:i + 12]) for i in range(0, len(words), 12)]


def test_line_key_is_the_key_of_the_normalized_line(seeds_dir):
    lines = [line for path in sorted(seeds_dir.iterdir()) for line in path.read_text(encoding="utf-8").splitlines()]
    lines += ["Home  |\tNews", "ﬁnance ＆ MARKETS", "Straße", " ".join(["word"] * 25), " ".join(["word"] * 26), ""]
    for line in lines:
        assert line_key(line) == normalized_key(normalize_text(line))
    assert line_key("Home  |\tNews") == line_key("home | news") is not None
    assert line_key("ﬁnance ＆ MARKETS") == line_key("finance & markets")
    assert line_key(" ".join(["word"] * 25)) is not None and line_key(" ".join(["word"] * 26)) is None


def test_lines_of_one_article_copied_many_times_are_not_template(seeds_dir):
    article = _short_lines(seeds_dir, "000_01ee59e59d659b5a.txt")
    others = [_short_lines(seeds_dir, name) for name in
              ("002_dc50343b1682d573.txt", "003_1f898c961dd7184c.txt", "004_76cf9ad062647976.txt")]
    bodies = [[HEADER, *article] for _ in range(6)] + [[HEADER, *other[i::2]] for other in others for i in (0, 1)]
    articles = [Article(id=f"a{i}", source_path="site.jsonl", record=i, body=body) for i, body in enumerate(bodies)]
    state = run_step(SiteTemplate(), articles, CorpusContext())
    site = site_of(articles[0])
    assert state.sites[site].articles == 7   # the six copies count once
    assert line_key(HEADER) in state.template_of(site) and line_key(HEADER) in state.boilerplate_of(site)
    own = {line_key(line) for line in article} - {None}
    assert own and not own & (state.template_of(site) | state.boilerplate_of(site))
    assert all(a.body[0] != HEADER and Dropped(HEADER, "template") in a.dropped for a in articles)
    assert articles[0].body == article


def test_dedup_leaves_a_large_sites_boilerplate_out_that_extraction_keeps():
    """A teaser on 10 of a site's 200 articles is below extraction's share but is boilerplate to dedup."""
    articles = [Article(id=f"p{i}", source_path="p", url=f"https://big.example.org/{i}",
                        body=[paragraph(i, 0), paragraph(i, 1)] + ([RELATED] if i % 20 == 0 else []))
                for i in range(200)]
    states = find_copies(articles)
    state = states[SiteTemplate.name]
    assert line_key(RELATED) in state.boilerplate_of("big.example.org")
    assert line_key(RELATED) not in state.template_of("big.example.org")
    with_teaser = [a for a in articles if RELATED in a.body]
    assert len(with_teaser) == 10   # extraction keeps it
    features = DuplicateFinder().features(states, with_teaser[:1] + articles[1:2])
    assert features[0].facts.template_lines == 1 and features[1].facts.template_lines == 0
    assert features[0].facts.words == features[1].facts.words   # the teaser's words are not compared
    assert not any(a.duplicate_of for a in articles)


def test_one_state_serves_extraction_and_dedup_in_the_store(tmp_path):
    """Both rules read the one stored state: appended runs keep counting, and no second learner is stored."""
    assert [s.name for s in default_pipeline().corpus].count(SiteTemplate.name) == 1
    assert not {s.name for s in default_pipeline().corpus} & {"dedup-templates"}
    out = tmp_path / "corpus"
    newsmill.run([_dump(tmp_path / "one.jsonl", [0, 1])], out, progress=False)
    newsmill.run([_dump(tmp_path / "two.jsonl", [2, 3, 4, 5])], out, append=True, progress=False)
    with Store.in_dir(out) as store:
        names = [row[0] for row in store.db.execute("SELECT name FROM states")]
        state = store.load_state(TemplateState)
    assert "dedup-templates" not in names and names.count(TemplateState.NAME) == 1
    assert state.sites["news.example.org"].articles == 6
    assert line_key(BOILER) in state.template_of("news.example.org")
    assert line_key(BOILER) in state.boilerplate_of("news.example.org")


def test_site_is_the_host_else_the_file_or_folder():
    assert site_of(Article(id="a", source_path="x", url="https://www.example.org/a")) == "example.org"
    assert site_of(Article(id="a", source_path="dump.jsonl", record=3)) == "dump.jsonl"
    assert site_of(Article(id="a", source_path="pages/x/a.txt")) == "pages/x"


NOTICE = "The council publishes its minutes and agenda on the town website every week, with each member's votes."


def test_dedup_boilerplate_counts_carry_over_appends(tmp_path):
    """A notice on a few pages of each run becomes boilerplate only counted over both runs (the stored state):
    then a teaser made mostly of it is no longer taken for a copy of the pages that carry it."""
    def dump(path, ids, notice, teaser=False):
        records = [{"id": f"a{i}", "url": f"https://big.example.org/a{i}",
                    "text": "\n".join([f"Headline number {i} about the vote on the new library", paragraph(i, 0),
                                       paragraph(i, 1)] + ([NOTICE] if i in notice else []))} for i in ids]
        if teaser:
            records.append({"id": "teaser", "url": "https://big.example.org/teaser",
                            "text": "\n".join(["Council minutes", "Library vote notes here.", NOTICE])})
        path.write_text("\n".join(map(json.dumps, records)) + "\n", encoding="utf-8")
        return path

    def teaser_copy_of(out):
        lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        return {a["id"]: a for a in map(json.loads, lines)}["teaser"]["duplicate_of"]

    alone = tmp_path / "alone"
    newsmill.run([dump(tmp_path / "b.jsonl", range(100, 200), {100, 150}, teaser=True)], alone, progress=False)
    assert teaser_copy_of(alone) is not None   # three pages carry the notice: not boilerplate yet
    both = tmp_path / "both"
    newsmill.run([dump(tmp_path / "a.jsonl", range(100), {0, 25, 50, 75})], both, progress=False)
    newsmill.run([tmp_path / "b.jsonl"], both, append=True, progress=False)
    assert teaser_copy_of(both) is None
    with Store.in_dir(both) as store:
        state = store.load_state(TemplateState)
    assert line_key(NOTICE) in state.boilerplate_of("big.example.org")
    assert line_key(NOTICE) not in state.template_of("big.example.org")


def test_a_template_state_written_with_zlib_before_is_still_read():
    import json
    import zlib

    from newsmill.site_template import SiteCounts, TemplateState

    state = TemplateState({"example.org": SiteCounts.from_lines(3, {17: 2, 99: 3})})
    data = {"example.org": {"articles": 3, "lines": {"17": 2, "99": 3}}}
    older = zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"))
    assert TemplateState.from_bytes(older).sites == state.sites
    assert TemplateState.from_bytes(state.to_bytes()).sites == state.sites

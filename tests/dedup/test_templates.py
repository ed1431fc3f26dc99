"""Site templates: per-site short repeated lines go, an often-copied article's own lines stay."""
from newsmill.article import Article
from newsmill.engine.memory import find_copies
from newsmill.article import site_of
from newsmill.dedup.templates import SiteTemplates, fingerprint, line_keys
from newsmill.steps import CorpusContext

HEADER = "Daily Example | Home | World | Sport"


def _seed_sentences(seeds_dir, name):
    """A seed's text one sentence per line: every line short enough to look like a template line."""
    text = " ".join((seeds_dir / name).read_text(encoding="utf-8").split())
    return [s.strip() + "." for s in text.split(". ") if s.strip()]


def test_site_is_the_host_else_the_file_or_folder():
    assert site_of(Article(id="a", source_path="x", url="https://www.example.org/a")) == "example.org"
    assert site_of(Article(id="a", source_path="dump.jsonl", record=3)) == "dump.jsonl"
    assert site_of(Article(id="a", source_path="pages/x/a.txt")) == "pages/x"


def test_lines_of_one_article_copied_many_times_are_not_template(seeds_dir):
    article = _seed_sentences(seeds_dir, "000_01ee59e59d659b5a.txt")
    others = [_seed_sentences(seeds_dir, name) for name in
              ("002_dc50343b1682d573.txt", "003_1f898c961dd7184c.txt", "004_76cf9ad062647976.txt")]
    docs = [[HEADER, *article] for _ in range(6)] + [[HEADER, *other[i::2]] for other in others for i in (0, 1)]
    templates = SiteTemplates()
    for lines in docs:
        templates.learn("site", line_keys(lines), fingerprint(lines))
    header_key, line_key_of_article = line_keys([HEADER, article[3]])
    assert templates.is_template("site", header_key)
    assert not templates.is_template("site", line_key_of_article)


def test_an_edited_copy_among_many_copies_still_joins_them(seeds_dir):
    article = _seed_sentences(seeds_dir, "000_01ee59e59d659b5a.txt")
    edited = [line.replace("Lavrov", "the minister") if i % 3 == 0 else line for i, line in enumerate(article)]
    bodies = [[HEADER, *article] for _ in range(6)] + [[HEADER, *edited]]
    bodies += [[HEADER, *_seed_sentences(seeds_dir, n)] for n in ("002_dc50343b1682d573.txt", "003_1f898c961dd7184c.txt")]
    articles = [Article(id=f"a{i}", source_path="site", record=i, body=b) for i, b in enumerate(bodies)]
    find_copies(articles)
    groups = {a.duplicate_of or a.id for a in articles[:7]}
    assert len(groups) == 1 and sum(a.duplicate_of is None for a in articles[:7]) == 1
    assert articles[7].duplicate_of is None and articles[8].duplicate_of is None

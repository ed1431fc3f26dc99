"""Patterns of page furniture by drop kind (cookie banners, comment forms, share bars, ...).

General, multilingual phrasings that sites use for their chrome, never any one page's words.
`furniture_kinds` scans a whole page: one regex per short line, literal keys before any costlier search.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .page_text import KeySet, PageText

try:  # the stdlib's regex opcodes, to read which characters a pattern may start with (see _whole_line_dispatch)
    from re import _constants as _sre
except ImportError:  # pragma: no cover - a Python without them: every line gets the full regex
    _sre = None

# Each kind: (whole-line patterns, patterns that may occur anywhere in the line). Order = priority.
_PATTERNS: dict[str, tuple[list[str], list[tuple[str, str | None]]]] = {
    "cookie-banner": (
        [r"(?:accept|allow|reject|decline)(?: all)?(?: cookies)?", r"got it!?", r"i (?:agree|accept)",
         r"cookie (?:settings|preferences|policy)", r"manage (?:cookies|consent|preferences)"],
        [("cookie", r"cookies?\b.{0,80}\b(?:use|uses|using|accept|consent|experience|policy|browsing|agree)|\b(?:use|uses|using|utiliza|utilise|verwendet|usa)\b.{0,40}\bcookies?\b"),
         ("gdpr", r"\bgdpr\b"), ("consent to", r"\bconsent to (?:the use|our use)\b"), ("쿠키", None), ("クッキー", None)],
    ),
    "comment-form": (
        [r"leave a (?:reply|comment)", r"(?:post|submit|add) (?:a |your )?comment", r"(?:\d+ )?comments?(?: \(\d+\))?",
         r"(?:name|email|e-mail|website|comment)\s*\*?", r"reply", r"cancel reply", r"log ?in to (?:reply|comment)",
         r"join the (?:discussion|conversation)", r"comments? (?:are )?closed\.?", r"show comments",
         r"(?:view|load|read|see) (?:all |more )?comments?(?: \(\d+\))?", r"댓글.{0,10}", r"コメント.{0,10}"],
        [("will not be published", None), ("required fields are marked", None), ("save my name", None),
         ("notify me of", r"notify me of (?:follow-?up|new) (?:comments|posts)"), ("akismet", None),
         ("logged in to post", None), ("commenting", r"commenting (?:policy|guidelines)"),
         ("moderated", r"comments? (?:are|is) moderated")],
    ),
    "newsletter": (
        [r"subscribe(?: now| today| here)?!?", r"sign up(?: now)?", r"newsletters?"],
        [("newsletter", r"\bnewsletters?\b"), ("sign up ", r"\bsign up (?:for|to) (?:our|the)\b"),
         ("subscribe to ", r"\bsubscribe to (?:our|the)\b"),
         ("get notified", None), ("get the latest", r"\bget the latest\b.{0,60}\b(?:updates|news|stories|inbox|email)"),
         ("your inbox", None), ("enter your e", r"\benter your e-?mail\b"), ("abonnieren", None),
         ("suscr", r"\bsuscr[ií]bete\b"), ("s'abonner", None), ("뉴스레터", None), ("メルマガ", None)],
    ),
    "share": (
        [r"(?:share|tweet|pin|email|e-mail|print|copy link|whatsapp|facebook|twitter|linkedin|pinterest|reddit|"
         r"telegram|messenger|flipboard|tumblr|vk|line|kakao(?:talk|story)?)(?: this(?: article| story| page)?)?",
         r"share (?:on|via|this) \w+", r"share(?:s)?:? ?\d*", r"\d+ shares?", r"공유(?:하기)?", r"シェア(?:する)?",
         r"ツイート", r"compartir", r"partager", r"teilen"],
        [("share this", None), ("share on facebook", None), ("share on twitter", None), ("click to share", None)],
    ),
    "related-articles": (
        [r"(?:you (?:may|might) (?:also )?(?:like|enjoy)|related(?: articles| stories| posts| news| content| coverage)?|"
         r"more (?:from|stories|news|on this|in|like this)(?: .{0,40})?|recommended(?: for you| stories)?|"
         r"read (?:more|next|also)|popular(?: now| posts| stories| articles)?|most (?:read|popular|viewed|shared)|"
         r"trending(?: now| stories)?|see also|what to read next|don'?t miss|editor'?s picks?|top stories|"
         r"latest (?:news|stories|posts|articles)|also (?:read|on)|recent posts|further reading|"
         r"관련 ?기사|많이 본 기사|関連記事|人気記事|lesen sie auch|lire aussi|leia também|te puede interesar)[:.]?"],
        [],
    ),
    "related-link": (
        [r"[–—-]\s+[^\n.!?]{10,160}", r"(?:read more|see also|also read|related|read also|more|watch|listen)\s*[:|»›]\s*.{5,200}"],
        [],
    ),
    "advertisement": (
        [r"(?:advertisement|advertising|sponsored(?: content| links?)?|ads? by \w+|promoted(?: content)?|"
         r"paid (?:content|post)|publicit[ée]|anzeige|werbung|광고|広告|ad)",
         r"(?:story|article) continues below(?: advertisement)?", r"scroll (?:down )?to continue(?: with content)?"],
        [("advertisement", r"\badvertisement\b")],
    ),
    "footer": (
        [r"(?:about(?: us)?|contact(?: us)?|privacy(?: policy)?|terms(?: of (?:use|service))?(?: and conditions)?|"
         r"sitemap|site map|careers|jobs|advertise(?: with us)?|help|faq|imprint|impressum|rss|accessibility statement)"],
        [("©", None), ("(c)", r"\(c\) ?(?:19|20)\d\d"), ("copyright", r"\bcopyright\b"), ("all rights reserved", None),
         ("powered by", r"\bpowered by\b"), ("privacy policy", r"\bprivacy policy\b.{0,40}\bterms\b"),
         ("전재", r"무단 ?전재"), ("著作権", None), ("derechos reservados", None), ("tous droits réservés", None),
         ("alle rechte vorbehalten", None)],
    ),
    "byline": (
        [r"(?:by|posted by|written by|words by|von|por|par)\s+[^\s].{0,60}", r"\d+\s+min(?:ute)?s? read",
         r"(?:updated|published|posted|last updated)[:\s].{0,40}", r".{0,40}(?:staff (?:writer|reporter)|correspondent)",
         r"[^\n]{0,20}기자", r"(?:19|20)\d\d[./-]\d\d?[./-]\d\d?(?:\s+\d\d?:\d\d(?::\d\d)?)?"],
        [],
    ),
    "widget": (
        [r"(?:x{0,2}s|sm|md|lg|x{0,2}l|[ms]|a\+{1,2}|a-{1,2}|a|aa|text size|font size|zoom(?: in| out)?|"
         r"increase|decrease|reset|listen(?: to this article)?|play|pause|\d\d?:\d\d)"],
        [],
    ),
    "accessibility": (
        [r"(?:skip (?:to|navigation)|jump to)(?: .{0,30})?", r"accessibility(?: links| help)?",
         r"aller au contenu.{0,20}", r"zum inhalt.{0,20}", r"saltar al contenido.{0,20}", r"본문 ?바로가기.{0,20}",
         r"メインコンテンツ.{0,20}"],
        [],
    ),
    "navigation": (
        [r"(?:home|menu|main menu|search|log ?in|log ?out|sign ?in|sign out|register|my account|next|previous|"
         r"prev|back|back to top|close|open|toggle navigation|more|all|news|sections|topics|categories|"
         r"next (?:article|post|story)|previous (?:article|post|story)|page \d+|\d+|[<>«»‹›]+|홈|ホーム|inicio|accueil|startseite)"],
        [(" | ", r"^.{0,60}(?:\s[|»›>]\s.{0,60}){2,}$"), (" » ", r"^.{0,60}(?:\s[|»›>]\s.{0,60}){2,}$"),
         (" › ", r"^.{0,60}(?:\s[|»›>]\s.{0,60}){2,}$")],
    ),
}
KINDS = tuple(_PATTERNS)


def _whole_regex(patterns: "list[tuple[int, str]]") -> "re.Pattern[str] | None":
    """One regex with a named group per kind (k0, k1, ...) over (kind index, whole-line pattern) pairs."""
    kinds: dict[int, list[str]] = {}
    for index, pattern in patterns:
        kinds.setdefault(index, []).append(pattern)
    if not kinds:
        return None
    parts = [rf"(?P<k{index}>{'|'.join(whole)})" for index, whole in kinds.items()]
    return re.compile(r"(?:" + "|".join(parts) + r")[ \t]*")


@lru_cache(maxsize=1)
def _whole_line_regex() -> re.Pattern[str]:
    """One regex with a named group per kind (k0, k1, ...) for lines that are nothing but furniture."""
    return _whole_regex([(index, p) for index, (whole, _) in enumerate(_PATTERNS.values()) for p in whole])


# First characters given their own smaller regex: printable Latin and every literal the patterns hold.
_ALPHABET_RANGE = (0x21, 0x250)


@lru_cache(maxsize=1)
def _whole_line_dispatch() -> "tuple[dict[str, re.Pattern[str] | None], tuple[tuple[str, re.Pattern[str], int], ...]]":
    """({first character of a line: the whole-line regex of only the patterns that may start with it},
    (literal key, whole-line regex, kind index) for the patterns that may start with anything).

    Trying some sixty alternatives on every short line was the costliest part of the furniture scan;
    most cannot start with the line's first character, and the two that may start anywhere
    (".{0,40}correspondent") need a literal the line must contain. A character not in the dict gets the
    full regex. Which patterns may start with a character is read off the parsed patterns
    (`_first_items`, `_required_keys`); when in doubt a pattern is kept, so results are the full regex's.
    """
    try:  # the stdlib's own pattern parser (read-only use; private, so a missing one means no dispatch)
        from re import _parser
    except ImportError:  # pragma: no cover
        return {}, ()
    if _sre is None:  # pragma: no cover
        return {}, ()

    # One pattern per top-level alternative ("(?:home|menu|...)" -> "(?:home)", "(?:menu)", ...): a line
    # then meets only the alternatives that may start with its first character, not a whole kind's.
    patterns = [(index, alternative) for index, (whole, _) in enumerate(_PATTERNS.values()) for p in whole
                for alternative in split_alternatives(p)]
    parsed = [_parser.parse(p).data for _, p in patterns]
    firsts = [_first_items(data) for data in parsed]
    keyed, anywhere = [], set()
    for k, ((items, empty), data) in enumerate(zip(firsts, parsed)):
        keys = _required_keys(data) if _broad(items, empty) else None
        if keys:
            anywhere.add(k)
            index, pattern = patterns[k]
            keyed += [(key, re.compile(rf"(?:{pattern})[ \t]*"), index) for key in keys]
    alphabet = {chr(c) for c in range(*_ALPHABET_RANGE)}
    for items, _ in firsts:
        alphabet.update(chr(av) for op, av in items or () if op is _sre.LITERAL)
    # per pattern, the characters it may start with (None: any); a literal first item is one character
    starts = [None if items is None or empty else _starting_chars(items, alphabet) for items, empty in firsts]
    by_subset: dict[tuple[int, ...], "re.Pattern[str] | None"] = {}
    table: dict[str, "re.Pattern[str] | None"] = {}
    for char in sorted(alphabet):
        subset = tuple(k for k, chars in enumerate(starts) if k not in anywhere and (chars is None or char in chars))
        if subset not in by_subset:
            by_subset[subset] = _whole_regex([patterns[k] for k in subset])
        table[char] = by_subset[subset]
    return table, tuple(keyed)


def _starting_chars(items: list, alphabet: set[str]) -> set[str]:
    """The characters of `alphabet` one of a pattern's parsed first items may match (`_may_match`)."""
    chars: set[str] = set()
    for item in items:
        if item[0] is _sre.LITERAL:
            chars.add(chr(item[1]))
        else:
            chars.update(char for char in alphabet if _may_match(item, char))
    return chars & alphabet


def split_alternatives(pattern: str) -> list[str]:
    """A pattern opening with a group of alternatives as one pattern per alternative, the rest of the
    pattern after each: "(?:a|b)c" -> ["(?:a)c", "(?:b)c"] (the same strings match one of them). Any
    other pattern (or a quantified opening group) is returned alone."""
    if not pattern.startswith("(?:"):
        return [pattern]
    parts, start, depth, in_class, i = [], 3, 1, False, 3
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 2 if pattern[i + 1:i + 2] == "]" else 3 if pattern[i + 1:i + 3] == "^]" else 1  # "[]..." "[^]..."
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if not depth:
                break
        elif char == "|" and depth == 1:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    rest = pattern[i + 1:]
    if depth or rest[:1] in ("*", "+", "?", "{"):
        return [pattern]
    return [f"(?:{part}){rest}" for part in parts + [pattern[start:i]]]


def _broad(items: "list | None", empty: bool) -> bool:
    """A pattern that may start with (almost) any character: any, not-this or negated-class first items."""
    return (items is None or empty
            or any(op in (_sre.ANY, _sre.NOT_LITERAL) or (op is _sre.IN and av[:1] == [(_sre.NEGATE, None)])
                   for op, av in items))


def _required_keys(seq) -> "list[str] | None":
    """Literals one of which every match of a parsed pattern contains (its first mandatory literal run,
    or the leading literal runs of a mandatory alternation), or None."""
    for i, (op, av) in enumerate(seq):
        if op is _sre.LITERAL:
            return [_literal_run(seq[i:])]
        if op is _sre.SUBPATTERN and len(av[-1]) == 1 and av[-1][0][0] is _sre.BRANCH:
            op, av = av[-1][0]
        if op is _sre.BRANCH:
            runs = [_literal_run(branch) for branch in av[1]]
            return runs if all(runs) else None
    return None


def _literal_run(seq) -> str:
    run = []
    for op, av in seq:
        if op is not _sre.LITERAL:
            break
        run.append(chr(av))
    return "".join(run)


def _first_items(seq) -> "tuple[list | None, bool]":
    """(parsed items one of which matches a pattern's first character, whether it may match nothing);
    None for the items when that cannot be told (anything may come first)."""
    items: list = []
    for op, av in seq:
        if op is _sre.AT:
            continue
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY):
            return items + [(op, av)], False
        if op is _sre.SUBPATTERN:
            sub, empty = _first_items(av[-1])
        elif op is _sre.BRANCH:
            sub, empty = [], False
            for branch in av[1]:
                found, branch_empty = _first_items(branch)
                if found is None:
                    return None, True
                sub += found
                empty = empty or branch_empty
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            sub, empty = _first_items(av[2])
            empty = empty or av[0] == 0
        else:
            return None, True
        if sub is None:
            return None, True
        items += sub
        if not empty:
            return items, False
    return items, True


_CATEGORIES = {} if _sre is None else {
    _sre.CATEGORY_DIGIT: re.compile(r"\d"), _sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    _sre.CATEGORY_SPACE: re.compile(r"\s"), _sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    _sre.CATEGORY_WORD: re.compile(r"\w"), _sre.CATEGORY_NOT_WORD: re.compile(r"\W")}


def _may_match(item, char: str) -> bool:
    """Whether one parsed first item may match `char` (True when unsure)."""
    op, av = item
    code = ord(char)
    if op is _sre.LITERAL:
        return code == av
    if op is _sre.NOT_LITERAL:
        return code != av
    if op is _sre.ANY:
        return char != "\n"
    negate, hit = False, False
    for member, value in av:
        if member is _sre.NEGATE:
            negate = True
        elif member is _sre.LITERAL:
            hit = hit or code == value
        elif member is _sre.RANGE:
            hit = hit or value[0] <= code <= value[1]
        elif member is _sre.CATEGORY and value in _CATEGORIES:
            hit = hit or bool(_CATEGORIES[value].match(char))
        else:
            return True
    return hit != negate


@lru_cache(maxsize=1)
def _anywhere_rules() -> tuple[tuple[str, "re.Pattern[str] | None", int], ...]:
    """(literal key, regex confirming it or None, kind index), in kind priority order."""
    return tuple((key, re.compile(pattern) if pattern else None, index)
                 for index, (_, anywhere) in enumerate(_PATTERNS.values()) for key, pattern in anywhere)


@lru_cache(maxsize=1)
def anywhere_keys() -> "KeySet":
    """The literal keys furniture looks for: of the patterns that may occur anywhere in a line, and of
    the whole-line patterns that may start anywhere."""
    return KeySet(tuple(key for key, _, _ in _anywhere_rules()) + tuple(key for key, _, _ in _whole_line_dispatch()[1]))


_WHOLE_MAX_CHARS = 200
_SHORT_CHARS = 80
_LINK_OPENERS = frozenset("–—-rsamwlb")  # dash, read/see/also/related/more/watch/listen/by


def furniture_kinds(lines: "list[str]", lowered: "str | None" = None, *,
                    page: "PageText | None" = None) -> dict[int, str]:
    """Kind of furniture each line looks like: {line index: kind}, for lines that look like any.

    `lowered` ("\\n".join(lines).lower(), optional) or `page` (a `PageText` of the lines) saves recomputing
    it. A line wholly made of furniture words wins over one that merely contains a furniture phrase;
    among those, kinds keep KINDS order.
    """
    page = page or PageText(lines, lowered)
    lowered, lower_lines = page.lowered, page.lower_lines
    whole, (by_first, keyed) = _whole_line_regex(), _whole_line_dispatch()
    found: dict[int, tuple[int, int]] = {}
    dispatch, short, longest, openers = by_first.get, _SHORT_CHARS, _WHOLE_MAX_CHARS, _LINK_OPENERS  # locals
    for i, line in enumerate(lower_lines):
        # Long lines can only be a link line ("– Headline", "Read more: …"): test those alone.
        size = len(line)
        if size <= short or (size <= longest and line[:1] in openers):
            regex = dispatch(line[:1], whole)
            if regex is not None and (match := regex.fullmatch(line)):
                found[i] = (0, int(match.lastgroup[1:]))
    keys = page.key_lines(anywhere_keys())
    for key, regex, index in keyed:  # patterns that may start anywhere: only lines holding their literal
        for i in keys.get(key, ()):
            line = lower_lines[i]
            if (0, index) < found.get(i, (9, 0)) and _whole_line_tested(line) and regex.fullmatch(line):
                found[i] = (0, index)
    for key, pattern, index in _anywhere_rules():
        for line in keys.get(key, ()):
            if (1, index) < found.get(line, (9, 0)) and (pattern is None or pattern.search(lower_lines[line])):
                found[line] = (1, index)
    return {line: KINDS[index] for line, (_, index) in found.items()}


def _whole_line_tested(line: str) -> bool:
    """Long lines can only be a link line ("– Headline", "Read more: …"): only those are tested whole."""
    return len(line) <= _SHORT_CHARS or (len(line) <= _WHOLE_MAX_CHARS and line[:1] in _LINK_OPENERS)


def furniture_kind(line: str) -> str | None:
    """The furniture kind one line looks like, or None."""
    return furniture_kinds([" ".join(line.split())]).get(0)

"""Hard-wrapped pages read as the prose they are.

Wire archives, e-mail digests and copied pages often break every line at a fixed width,
in the middle of sentences and of names ("the presidents -- Heidar\\nAliyev, Eduard
Shevardnadze"). A line break inside a name splits it into two tokens around a line-break
token, and no name, title or instrument pattern matches across it.

``unwrap`` gives the text the pipeline reads: each line break that only wraps prose
becomes a space, so the text keeps its length and every offset. Records quote the page as
it is (``source_text``), only the reading changes. A page counts as hard-wrapped when at
least ``MIN_WRAPS`` of its lines run on into a next line that starts in lower case; then a
break is a wrap when its line does not end a sentence, the next line is text, and the
line is a wrapped one: it runs on in lower case, it ends on a word that cannot end a
line of prose ("Minister of\\nIndustry", ``run_on_words`` in ``patterns/lexicons.jsonl``),
or it is nearly as long as the page's wrapped lines are (a wrap before a capitalized word:
"Heidar\\nAliyev"). The page's first line is its headline and never runs on.
"""

from __future__ import annotations

import re
from statistics import median

from caspianie.knowledge.patternfiles import lexicons
from caspianie.pipeline.furniture import PROSE_END

MIN_WRAPS = 3  # lines running on in lower case before a page counts as hard-wrapped
WIDTH_SHARE = 0.75  # a line this share of the wrapped width or longer is a wrapped one
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")


def unwrap(text: str) -> str:
    """``text`` with the line breaks that only wrap prose made spaces (same length)."""
    lines = _LINE.findall(text)
    if len(lines) < MIN_WRAPS + 1:
        return text
    runs = [_runs_on(a, b) for a, b in zip(lines, lines[1:])]  # read once, used twice
    lower = [len(a.rstrip()) for a, b, run in zip(lines, lines[1:], runs) if run and b.lstrip()[:1].islower()]
    if len(lower) < MIN_WRAPS:
        return text
    width = median(lower)
    run_on = lexicons()["run_on_words"]
    first = next(n for n, line in enumerate(lines) if line.strip())
    out = []
    for n, (line, following, run) in enumerate(zip(lines, lines[1:], runs)):
        words = line.split()
        wrapped = n != first and run and (following.lstrip()[:1].islower() or words[-1] in run_on
                                          or len(line.rstrip()) >= WIDTH_SHARE * width)
        out.append(line[:-1] + " " if wrapped else line)
    out.append(lines[-1])  # the last line runs on into nothing
    return "".join(out)


def _runs_on(line: str, following: str) -> bool:
    """A line of text not ending a sentence, followed by a line of text."""
    stripped, after = line.rstrip(), following.strip()
    return bool(stripped) and bool(after) and not stripped.endswith(PROSE_END) and after[:1].isalnum()

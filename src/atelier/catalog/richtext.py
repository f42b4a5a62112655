"""Rich text from editors is sanitised once, when it is written (nh3 / ammonia)."""

import nh3

TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "a",
        "hr",
        "span",
    }
)
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"https", "http", "mailto"})


def sanitize_html(html: str) -> str:
    """Keep simple formatting and links; drop scripts, styles, event handlers and the rest."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    ).strip()

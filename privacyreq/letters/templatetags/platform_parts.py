"""Letter parts that belong to one platform, kept with the platform.

    {% load platform_parts %}
    {% platform_part "objection/opted_out" %}…words for other platforms…{% endplatform_part %}

renders ``templates/letters/platforms/<slug>/objection/opted_out.html`` when the letter's platform
(``platform`` in the context) has that file, and the enclosed default otherwise. So no shared
template compares a platform's slug, and a platform's own facts (X's undertaking to the Irish High
Court, the name of its setting) are added, corrected or removed in its own folder. A part may be
empty in the default (``{% platform_part "…" %}{% endplatform_part %}``): only platforms with
something to say there have the file.
"""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Template, Token
from django.template.context import Context
from django.template.loader import select_template

register = template.Library()

FOLDER = "letters/platforms"


def _part(context: Context, name: str) -> Template | None:
    """The platform's own template for part ``name``, or None."""
    slug = getattr(context.get("platform"), "slug", "")
    if not slug:
        return None
    try:
        # The cached template loader remembers a missing file too, so a part most platforms
        # lack costs a dictionary look-up after the first letter.
        return select_template([f"{FOLDER}/{slug}/{name}.html"]).template
    except template.TemplateDoesNotExist:
        return None


@register.simple_tag(takes_context=True)
def platform_has_part(context: Context, name: str) -> bool:
    """Whether the letter's platform has part ``name`` (to give it a heading of its own)."""
    return _part(context, name) is not None


class PlatformPartNode(template.Node):
    def __init__(self, name: FilterExpression, default: NodeList):
        self.name = name
        self.default = default

    def render(self, context: Context) -> str:
        part = _part(context, self.name.resolve(context))
        if part is not None:
            return part.render(context)
        return self.default.render(context)


@register.tag
def platform_part(parser: Parser, token: Token) -> PlatformPartNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("platform_part takes one argument: the part's name.")
    default = parser.parse(("endplatform_part",))
    parser.delete_first_token()
    return PlatformPartNode(parser.compile_filter(bits[1]), default)

"""Letter parts that belong to one platform, kept with the platform.

    {% load platform_parts %}
    {% platform_part "objection/opted_out" %}…words for other platforms…{% endplatform_part %}

renders ``templates/letters/platforms/<slug>/objection/opted_out.html`` when the letter's platform
(``platform`` in the context) has that file, and the enclosed default otherwise. So no shared
template compares a platform's slug, and a platform's own facts (X's undertaking to the Irish High
Court, the name of its setting) are added, corrected or removed in its own folder. A part may be
empty in the default (``{% platform_part "…" %}{% endplatform_part %}``): only platforms with
something to say there have the file.

A part states facts about its platform, so it names the fields of the platform's record they
come from, first thing in the file:

    {% rests_on "regulator_actions" %}

and is left out (the default renders instead) when any of them is one the letters may not state
(``reference.facts.fact_stated``: a fact no source confirms). A part that names none is refused
when it is first rendered, so no platform's facts reach a letter unchecked.
"""

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Template, Token
from django.template.context import Context
from django.template.loader import select_template

from privacyreq.reference.facts import fact_stated
from privacyreq.reference.models import FACT_FIELDS, Platform

register = template.Library()

FOLDER = "letters/platforms"


class RestsOnNode(template.Node):
    """``{% rests_on "field" … %}``: renders nothing; read by ``_part`` before the part renders."""

    def __init__(self, fields: list[str]):
        self.fields = fields

    def render(self, context: Context) -> str:
        return ""


@register.tag
def rests_on(parser: Parser, token: Token) -> RestsOnNode:
    bits = token.split_contents()[1:]
    if not bits or not all(bit[:1] == bit[-1:] and bit[:1] in "\"'" for bit in bits):
        raise template.TemplateSyntaxError("rests_on takes one or more quoted field names.")
    fields = [bit[1:-1] for bit in bits]
    unknown = [field for field in fields if field not in FACT_FIELDS]
    if unknown:
        raise template.TemplateSyntaxError(f"rests_on: {unknown[0]!r} is not a fact field.")
    return RestsOnNode(fields)


def rested_fields(part: Template) -> list[str]:
    """The record's fields a platform part says it states."""
    nodes = part.nodelist.get_nodes_by_type(RestsOnNode)
    return [field for node in nodes if isinstance(node, RestsOnNode) for field in node.fields]


def _part(context: Context, name: str) -> Template | None:
    """The platform's own template for part ``name``, or None (also when it rests on a fact the
    letters may not state)."""
    platform = context.get("platform")
    slug = getattr(platform, "slug", "")
    if not slug:
        return None
    try:
        # The cached template loader remembers a missing file too, so a part most platforms
        # lack costs a dictionary look-up after the first letter.
        part = select_template([f"{FOLDER}/{slug}/{name}.html"]).template
    except template.TemplateDoesNotExist:
        return None
    fields = rested_fields(part)
    if not fields:
        raise template.TemplateSyntaxError(
            f"{FOLDER}/{slug}/{name}.html must say which facts it states ({{% rests_on … %}})."
        )
    # The letters' platform (``facts.LetterPlatform``) or a bare row.
    row = getattr(platform, "row", platform)
    assert isinstance(row, Platform)
    return part if all(fact_stated(row, field) for field in fields) else None


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

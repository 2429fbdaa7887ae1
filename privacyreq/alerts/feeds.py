"""Each platform's timeline as an Atom feed, and one feed for all platforms (Django's syndication
framework). Newest first; each entry links the platform page and, as rel="related", its source."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from privacyreq.reference.models import Platform, TimelineEvent, TimelineEventKind

# Entries per feed: a timeline grows by a few events a year.
FEED_SIZE = 100


class _AtomWithSources(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("link", "", {"rel": "related", "href": item["source_url"]})


class PlatformTimelineFeed(Feed):
    feed_type = _AtomWithSources

    def get_object(self, request, slug: str) -> Platform:
        platform = Platform.objects.filter(slug=slug).first()
        if platform is None:
            raise Http404("No such platform")
        return platform

    def title(self, obj: Platform) -> str:
        # Translators: title of a news feed. %(service)s is the platform's name (e.g. "LinkedIn").
        return _("AI training on %(service)s: timeline") % {"service": obj.service_name}

    def link(self, obj: Platform) -> str:
        return reverse("reference:platform", args=[obj.slug])

    def subtitle(self, obj: Platform) -> str:
        return _(
            "What happened, and what is announced, about AI training on %(service)s, with sources."
        ) % {"service": obj.service_name}

    def items(self, obj: Platform):
        return _events().filter(platform=obj)[:FEED_SIZE]

    # Shared by both feeds.

    def item_title(self, item: TimelineEvent) -> str:
        values = {
            "service": item.platform.service_name,
            "date": date_format(item.date, "DATE_FORMAT"),
        }
        if item.kind == TimelineEventKind.TRAINING_STARTS:
            # Translators: a news feed entry's title. %(date)s is a date.
            return _("%(service)s: AI training starts on %(date)s") % values
        # Translators: a news feed entry's title. %(date)s is a date.
        return _("%(service)s, %(date)s") % values

    def item_description(self, item: TimelineEvent) -> str:
        return item.summary

    def item_link(self, item: TimelineEvent) -> str:
        return reverse("reference:platform", args=[item.platform.slug])

    def item_guid(self, item: TimelineEvent) -> str:
        # Stable whatever the event says: the platform page and the event's key.
        return f"{self.item_link(item)}#event-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: TimelineEvent) -> dt.datetime:
        return dt.datetime.combine(item.date, dt.time.min, tzinfo=dt.UTC)

    def item_extra_kwargs(self, item: TimelineEvent) -> dict:
        return {"source_url": item.source_url}

    def item_categories(self, item: TimelineEvent) -> list[str]:
        return [item.kind]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # An id is a full URL: make the entries' ids absolute like their links.
        base = request.build_absolute_uri("/").rstrip("/")
        for item in feed.items:
            if item["unique_id"].startswith("/"):
                item["unique_id"] = base + item["unique_id"]
        return feed


class AllPlatformsFeed(PlatformTimelineFeed):
    def get_object(self, request) -> None:  # type: ignore[override]
        return None

    def title(self) -> str:  # type: ignore[override]
        return _("AI training on the platforms privacyreq covers: timeline")

    def link(self) -> str:  # type: ignore[override]
        return reverse("reference:home")

    def subtitle(self) -> str:  # type: ignore[override]
        return _("What happened, and what is announced, about AI training, with sources.")

    def items(self):  # type: ignore[override]
        return _events()[:FEED_SIZE]


def _events():
    return TimelineEvent.objects.select_related("platform").order_by("-date", "-id")
